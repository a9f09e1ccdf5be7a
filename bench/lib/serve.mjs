/**
 * Wait for a spawned `cachescope serve` to print its URL (stdout/stderr collected for errors).
 * Rejects with everything it printed if the process exits first.
 */
export function waitForServeUrl(child) {
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (output += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (output += d));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /Cachescope is serving at (http:\/\/\S+)/.exec(output);
      if (m) {
        clearInterval(timer);
        resolve(m[1]);
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`cachescope serve exited (${code}):\n${output}`));
    });
  });
}
