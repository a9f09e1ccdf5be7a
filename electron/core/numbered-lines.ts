import { createInterface } from 'node:readline';

/** Lines of a text stream, numbered from 1, without holding more than one line. */
export async function* numberedLines(input: NodeJS.ReadableStream): AsyncGenerator<{ line: number; text: string }> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of rl) {
      line++;
      yield { line, text };
    }
  } finally {
    rl.close();
    (input as { destroy?: () => void }).destroy?.();
  }
}
