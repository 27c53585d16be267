/**
 * Progress of a verify run on stderr. On a terminal, one live line shows the
 * running operation and is rewritten in place. In a pipe or a CI log, each
 * finished operation gets one plain line.
 */
export interface Progress {
  /** Announces a step that has no per-operation detail, such as building the root. */
  note(message: string): void;
  /** Shows the operation that starts now. */
  start(label: string): void;
  /** Records how the operation started last ended. */
  finish(label: string, outcome: string): void;
  /** Clears the live line, if any. */
  close(): void;
}

interface Stream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

class LiveProgress implements Progress {
  private live = false;

  constructor(private readonly stream: Stream) {}

  note(message: string): void {
    this.clear();
    this.stream.write(`${message}\n`);
  }

  start(label: string): void {
    this.show(`${label} ...`);
  }

  finish(label: string, outcome: string): void {
    this.show(`${label} ${outcome}`);
  }

  close(): void {
    this.clear();
  }

  private show(text: string): void {
    // A pseudo-terminal without a size (such as under `script`) reports 0 columns.
    const columns = this.stream.columns || 80;
    const width = Math.max(20, columns - 1);
    const line = text.length > width ? `${text.slice(0, width - 3)}...` : text;
    this.stream.write(`\r\x1b[2K${line}`);
    this.live = true;
  }

  private clear(): void {
    if (!this.live) return;
    this.stream.write("\r\x1b[2K");
    this.live = false;
  }
}

class PlainProgress implements Progress {
  constructor(private readonly stream: Stream) {}

  note(message: string): void {
    this.stream.write(`${message}\n`);
  }

  start(): void {}

  finish(label: string, outcome: string): void {
    this.stream.write(`${label} ${outcome}\n`);
  }

  close(): void {}
}

/** Prints nothing; for library callers and tests that only want the result. */
export const SILENT_PROGRESS: Progress = {
  note() {},
  start() {},
  finish() {},
  close() {},
};

export function createProgress(stream: Stream = process.stderr): Progress {
  return stream.isTTY ? new LiveProgress(stream) : new PlainProgress(stream);
}
