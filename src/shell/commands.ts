// Parses a shell command line with the tree-sitter Bash grammar into simple
// commands: their words, redirections, the operators that join them, and
// the scripts of `sh -c '...'`, which are parsed the same way.
import type { Node } from "../python/parser.js";
import { parseBash } from "../python/parser.js";
import { shellInvocation } from "./interpreters.js";
import { findPlaceholders } from "./python-template.js";
import { stripPrefixes } from "./prefixes.js";
import type {
  CommandContext,
  InterpolationOccurrence,
  Joiner,
  Pipeline,
  Quoting,
  Redirect,
  ShellScript,
  ShellWord,
  SimpleCommand,
} from "./types.js";
import { readWord } from "./words.js";

/** Maximum nesting of `sh -c` scripts that are parsed; a deeper one stays a single command. */
const MAX_SCRIPT_DEPTH = 4;

const JOINER_TOKENS: Record<string, Joiner> = {
  "&&": "&&",
  "||": "||",
  ";": ";",
  ";;": ";",
  "&": "&",
  "|": "|",
  "|&": "|",
};

const REDIRECT_TYPES = new Set(["file_redirect", "heredoc_redirect", "herestring_redirect"]);

const HEREDOC_PARTS = new Set(["heredoc_start", "heredoc_body", "heredoc_end", "file_descriptor"]);

/** Body types whose redirections apply only to their last simple command. */
const LAST_COMMAND_BODIES = new Set(["command", "list", "pipeline", "redirected_statement"]);

interface WalkState {
  joiner: Joiner | null;
  context: CommandContext;
  pipeline: Pipeline | null;
  stage: number;
}

const STATEMENT_STATE: WalkState = { joiner: null, context: "statement", pipeline: null, stage: 0 };

class ScriptReader {
  readonly commands: SimpleCommand[] = [];
  hasError = false;
  private text = "";

  constructor(
    private readonly depth: number,
    private readonly wrapper: SimpleCommand | null,
  ) {}

  read(text: string): ShellScript {
    this.text = text;
    const tree = parseBash(text);
    try {
      const root = tree.rootNode;
      this.hasError = root.hasError;
      this.visitChildren(root, STATEMENT_STATE);
      return {
        text,
        commands: this.commands,
        occurrences: this.occurrences(root, text),
        hasError: this.hasError,
      };
    } finally {
      tree.delete();
    }
  }

  /** Visits the statements under `node` and returns the commands created, in order. */
  private visitChildren(node: Node, state: WalkState): SimpleCommand[] {
    const created: SimpleCommand[] = [];
    let joiner = state.joiner;
    for (const child of node.children) {
      if (!child) continue;
      if (!child.isNamed) {
        const token = JOINER_TOKENS[child.type];
        if (token) joiner = token;
        continue;
      }
      if (child.type === "comment") continue;
      created.push(...this.visit(child, { ...state, joiner }));
      joiner = ";";
    }
    return created;
  }

  private visit(node: Node, state: WalkState): SimpleCommand[] {
    switch (node.type) {
      case "ERROR":
        this.hasError = true;
        return [];
      case "command":
        return this.readCommand(node, state);
      case "pipeline":
        return this.readPipeline(node, state);
      case "redirected_statement":
        return this.readRedirectedStatement(node, state);
      case "command_substitution":
        return this.visitChildren(node, { ...STATEMENT_STATE, context: "command-substitution" });
      case "process_substitution":
        return this.visitChildren(node, { ...STATEMENT_STATE, context: "process-substitution" });
      default:
        return this.visitChildren(node, state);
    }
  }

  private readPipeline(node: Node, state: WalkState): SimpleCommand[] {
    const pipeline: Pipeline = { stages: [] };
    const created: SimpleCommand[] = [];
    let stage = 0;
    for (const child of node.namedChildren) {
      if (!child || child.type === "comment") continue;
      pipeline.stages.push([]);
      const joiner = stage === 0 ? state.joiner : "|";
      created.push(...this.visit(child, { ...state, joiner, pipeline, stage }));
      stage++;
    }
    return created;
  }

  private readRedirectedStatement(node: Node, state: WalkState): SimpleCommand[] {
    const body = node.childForFieldName("body");
    const redirects: Redirect[] = [];
    const continuations: Node[] = [];
    for (const child of node.namedChildren) {
      if (!child || !REDIRECT_TYPES.has(child.type)) continue;
      redirects.push(this.readRedirect(child));
      if (child.type !== "heredoc_redirect") continue;
      // The grammar puts what follows `<<EOF` on its line inside the here-document node.
      for (const inner of child.namedChildren) {
        if (inner?.type === "file_redirect") redirects.push(this.readRedirect(inner));
        else if (inner && !HEREDOC_PARTS.has(inner.type)) continuations.push(inner);
      }
    }
    if (!body) return [];
    const created = this.visit(body, state);
    const own = created.filter((command) => command.wrapper === this.wrapper && command.context === state.context);
    // `a && b > f` redirects only `b`; a group or loop redirects every command in it.
    const targets = LAST_COMMAND_BODIES.has(body.type) ? own.slice(-1) : own;
    for (const command of targets) command.redirects.push(...redirects);
    const last = own[own.length - 1];
    // The grammar ends a redirected command before its redirections; its text takes them in.
    if (targets.length === 1 && last === targets[0] && last.end <= node.endIndex) {
      last.end = node.endIndex;
      last.text = this.text.slice(last.start, last.end);
    }
    for (const continuation of continuations) {
      created.push(...(last ? this.continueAfterHeredoc(last, continuation, state) : []));
    }
    return created;
  }

  /** Reads `| tee f` or `&& next` written after `<<EOF`, joined to the command that reads the document. */
  private continueAfterHeredoc(reader: SimpleCommand, node: Node, state: WalkState): SimpleCommand[] {
    if (node.type !== "pipeline") {
      const joiner = JOINER_TOKENS[node.previousSibling?.type ?? ""] ?? ";";
      return this.visit(node, { ...state, joiner });
    }
    const pipeline: Pipeline = reader.pipeline ?? { stages: [[reader]] };
    reader.pipeline = pipeline;
    const created: SimpleCommand[] = [];
    for (const child of node.namedChildren) {
      if (!child || child.type === "comment") continue;
      pipeline.stages.push([]);
      const stage = pipeline.stages.length - 1;
      created.push(...this.visit(child, { ...state, joiner: "|", pipeline, stage }));
    }
    return created;
  }

  private readRedirect(node: Node): Redirect {
    const operatorNode = node.children.find((child) => child && !child.isNamed);
    const descriptor = node.children.find((child) => child?.type === "file_descriptor");
    const redirect: Redirect = {
      operator: operatorNode?.text ?? "",
      descriptor: descriptor?.text ?? null,
      target: null,
      heredoc: null,
      heredocLiteral: false,
      heredocStripsTabs: false,
    };
    if (node.type === "heredoc_redirect") {
      const start = node.children.find((child) => child?.type === "heredoc_start")?.text ?? "";
      redirect.heredoc = node.children.find((child) => child?.type === "heredoc_body")?.text ?? "";
      redirect.heredocLiteral = /^["'\\]/.test(start);
      redirect.heredocStripsTabs = redirect.operator === "<<-";
      return redirect;
    }
    const target = node.namedChildren.find((child) => child && child.type !== "file_descriptor");
    if (target) redirect.target = readWord(target, this.nestedVisitor);
    return redirect;
  }

  private readonly nestedVisitor = (node: Node, context: CommandContext): SimpleCommand[] =>
    this.visitChildren(node, { ...STATEMENT_STATE, context });

  private readCommand(node: Node, state: WalkState): SimpleCommand[] {
    const command: SimpleCommand = {
      text: node.text,
      start: node.startIndex,
      end: node.endIndex,
      argv: [],
      name: null,
      program: null,
      sudo: null,
      assignments: [],
      redirects: [],
      joiner: state.joiner,
      context: state.context,
      pipeline: state.pipeline,
      stage: state.stage,
      wrapper: this.wrapper,
      script: null,
    };
    // The command goes in before the commands nested in its words, so the flat list keeps document order.
    const index = this.commands.length;
    this.commands.push(command);
    state.pipeline?.stages[state.stage]?.push(command);

    const words: ShellWord[] = [];
    for (const child of node.namedChildren) {
      if (!child || child.type === "comment") continue;
      if (child.type === "variable_assignment") command.assignments.push(this.readAssignment(child));
      else if (REDIRECT_TYPES.has(child.type)) command.redirects.push(this.readRedirect(child));
      else if (child.type === "command_name") {
        const inner = child.namedChildren[0];
        if (inner) words.push(readWord(inner, this.nestedVisitor));
      } else words.push(readWord(child, this.nestedVisitor));
    }
    stripPrefixes(command, words);
    this.unwrapShellScript(command);
    return this.commands.slice(index);
  }

  private readAssignment(node: Node): ShellWord {
    const name = node.childForFieldName("name")?.text ?? "";
    const valueNode = node.childForFieldName("value");
    const value = valueNode ? readWord(valueNode, this.nestedVisitor) : null;
    return {
      text: node.text,
      value: `${name}=${value?.value ?? ""}`,
      start: node.startIndex,
      end: node.endIndex,
      interpolations: value?.interpolations ?? [],
      expands: value?.expands ?? false,
      quoted: value?.quoted ?? false,
      nested: value?.nested ?? [],
    };
  }

  /** Parses the script of `sh -c SCRIPT` and adds its commands after the `sh` command. */
  private unwrapShellScript(command: SimpleCommand): void {
    if (this.depth >= MAX_SCRIPT_DEPTH) return;
    const word = shellInvocation(command)?.commandString;
    if (!word || word.expands) return;
    const parsed = new ScriptReader(this.depth + 1, command).read(word.value);
    command.script = { word, parsed };
    this.commands.push(...parsed.commands);
  }

  /** Finds where each Python value lands and how the shell quotes it there. */
  private occurrences(root: Node, text: string): InterpolationOccurrence[] {
    const unwrapped = this.commands
      .filter((command) => command.script && command.wrapper === this.wrapper)
      .map((command) => command.script!);
    const found: InterpolationOccurrence[] = [];
    for (const token of findPlaceholders(text)) {
      if (unwrapped.some(({ word }) => token.start >= word.start && token.end <= word.end)) continue;
      const node = root.descendantForIndex(token.start, token.end);
      found.push({ ...token, quoting: node ? quotingAt(node) : "unknown" });
    }
    for (const { parsed } of unwrapped) found.push(...parsed.occurrences);
    return found;
  }
}

/** How the shell quotes the text at `node`: by the innermost quote around it. */
function quotingAt(node: Node): Quoting | "unknown" {
  for (let current: Node | null = node; current; current = current.parent) {
    switch (current.type) {
      case "ERROR":
        return "unknown";
      case "raw_string":
      case "ansi_c_string":
        return "single";
      case "string":
      case "translated_string":
        return "double";
      case "heredoc_body": {
        const start = current.parent?.children.find((child) => child?.type === "heredoc_start");
        return start && /^["'\\]/.test(start.text) ? "single" : "double";
      }
      case "command_substitution":
      case "process_substitution":
        // Quoting starts afresh inside `$(...)`.
        return "unquoted";
    }
  }
  return "unquoted";
}

/** Parses a shell command line into its simple commands. */
export function parseShellScript(text: string): ShellScript {
  return new ScriptReader(0, null).read(text);
}
