import { createRequire } from "node:module";
import v8 from "node:v8";
import { isMainThread } from "node:worker_threads";
import { Language, Parser, Query } from "web-tree-sitter";
import type { Node, Tree } from "web-tree-sitter";

export type { Node, Tree };

const require = createRequire(import.meta.url);

let pythonParser: Parser | null = null;
let pythonLanguage: Language | null = null;
let bashParser: Parser | null = null;

async function loadParser(wasmModule: string): Promise<Parser> {
  const language = await Language.load(require.resolve(wasmModule));
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** V8's default (`node --v8-options`) for the work a WebAssembly function does before it is optimised. */
const DEFAULT_TIERING_BUDGET = 1_800_000;

/**
 * Loads a grammar whose code V8 never optimises. V8 optimises the Bash
 * grammar's lexer in the background once it is first used, which took 1.2 to
 * 1.5 s here, and Node.js waits for that before the process can exit. The main
 * thread parses only a few shell commands, so baseline code is fast enough
 * there; worker threads, which parse thousands, keep the default.
 */
async function loadWithoutOptimising(wasmModule: string): Promise<Parser> {
  v8.setFlagsFromString("--wasm-tiering-budget=2000000000");
  try {
    return await loadParser(wasmModule);
  } finally {
    v8.setFlagsFromString(`--wasm-tiering-budget=${DEFAULT_TIERING_BUDGET}`);
  }
}

/** Loads the Python and Bash grammars once per process; later calls return at once. */
export async function initParsers(): Promise<void> {
  if (pythonParser && bashParser) return;
  await Parser.init();
  pythonParser = await loadParser("tree-sitter-python/tree-sitter-python.wasm");
  pythonLanguage = pythonParser.language;
  const bash = "tree-sitter-bash/tree-sitter-bash.wasm";
  bashParser = isMainThread ? await loadWithoutOptimising(bash) : await loadParser(bash);
}

function ready(parser: Parser | null): Parser {
  if (!parser) throw new Error("initParsers() must finish before parsing");
  return parser;
}

/** Parses Python source. The caller owns the tree and calls `tree.delete()` when done. */
export function parsePython(source: string): Tree {
  const tree = ready(pythonParser).parse(source);
  if (!tree) throw new Error("tree-sitter returned no tree for a Python source");
  return tree;
}

/** Parses a shell command line with the Bash grammar. */
export function parseBash(source: string): Tree {
  const tree = ready(bashParser).parse(source);
  if (!tree) throw new Error("tree-sitter returned no tree for a shell command");
  return tree;
}

/** Returns the first node, in document order, that is an ERROR or a MISSING node. */
export function firstSyntaxError(root: Node): Node | null {
  if (!root.hasError) return null;
  const cursor = root.walk();
  try {
    for (;;) {
      const node = cursor.currentNode;
      if (node.isError || node.isMissing) return node;
      if (node.hasError && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return null;
      }
    }
  } finally {
    cursor.delete();
  }
}

const queries = new Map<string, Query>();

/**
 * Returns a compiled query over the Python grammar, cached by its source.
 * Queries run inside the parser's WebAssembly module and return only the
 * matched nodes, which is much faster than visiting every node from JavaScript.
 */
export function pythonQuery(source: string): Query {
  let query = queries.get(source);
  if (!query) {
    if (!pythonLanguage) throw new Error("initParsers() must finish before querying");
    query = new Query(pythonLanguage, source);
    queries.set(source, query);
  }
  return query;
}

/** Returns every node of `type` under `root`, in document order. */
export function nodesOfType(root: Node, type: string): Node[] {
  return pythonQuery(`(${type}) @node`)
    .captures(root)
    .map((capture) => capture.node);
}
