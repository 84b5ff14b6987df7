/**
 * A progress bar on a terminal (`[#####-----] 4,500/10,000 rows 45 % 2,310 rows/s ETA 2 s`, redrawn in place),
 * or plain lines at most every 2 s when the stream is not a terminal (a log, CI).
 */
export function progressReporter(stream: NodeJS.WriteStream, now: () => number = Date.now) {
  const started = now();
  let last = 0;
  let lastLine = '';
  let lastDone = -1;
  const tty = stream.isTTY === true;
  const line = (done: number, total: number) => {
    const seconds = Math.max((now() - started) / 1000, 0.001);
    const rate = done / seconds;
    const share = total ? done / total : 1;
    const eta = rate > 0 ? Math.ceil((total - done) / rate) : 0;
    const width = 30;
    const bar = `[${'#'.repeat(Math.round(share * width)).padEnd(width, '-')}]`;
    const n = (x: number) => Math.round(x).toLocaleString('en-US');
    return `${bar} ${n(done)}/${n(total)} rows ${Math.floor(share * 100)} % ${n(rate)} rows/s ETA ${eta} s`;
  };
  return {
    update: ({ done, total }: { done: number; total: number }) => {
      if (done === lastDone && lastLine) return;
      lastDone = done;
      lastLine = line(done, total);
      if (tty) stream.write(`\r${lastLine}`);
      else if (now() - last >= 2_000 || done === total) {
        last = now();
        stream.write(`${lastLine}\n`);
      }
    },
    done: () => {
      if (tty && lastLine) stream.write('\n');
    },
  };
}
