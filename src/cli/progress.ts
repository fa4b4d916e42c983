import path from 'node:path';
import cliProgress from 'cli-progress';

export interface FileProgress {
  /** `note` (optional) is shown after the file name, e.g. bytes and speed of a download. */
  update(percent: number, note?: string): void;
  finish(note: string): void;
}

export interface ProgressDisplay {
  start(file: string): FileProgress;
  /** A line that must not be drawn over by the bars. */
  log(line: string): void;
  stop(): void;
}

/** Bars on a terminal; on a pipe or log file, a line at each quarter so the output stays readable. */
export function createProgressDisplay(stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  if (stream.isTTY) return terminalBars(stream);
  return {
    start(file) {
      const name = path.basename(file);
      let lastQuarter = 0;
      stream.write(`${name}: started\n`);
      return {
        update(percent, note) {
          const quarter = Math.floor(percent / 25);
          if (quarter > lastQuarter && percent < 100) {
            lastQuarter = quarter;
            stream.write(`${name}: ${quarter * 25}%${note ? ` (${note})` : ''}\n`);
          }
        },
        finish(note) {
          stream.write(`${name}: ${note}\n`);
        },
      };
    },
    log: (line) => stream.write(`${line}\n`),
    stop: () => {},
  };
}

function terminalBars(stream: NodeJS.WriteStream): ProgressDisplay {
  const bars = new cliProgress.MultiBar(
    {
      stream,
      format: ' {bar} {percentage}% | ETA {eta_formatted} | {file} {note}',
      barCompleteChar: '\u2588',
      barIncompleteChar: '\u2591',
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start(file) {
      const bar = bars.create(100, 0, { file: path.basename(file), note: '' });
      return {
        update: (percent, note) => bar.update(percent, note === undefined ? {} : { note }),
        finish: (note) => bar.update({ note: `- ${note}` }),
      };
    },
    log: (line) => bars.log(`${line}\n`),
    stop: () => bars.stop(),
  };
}
