// CPU time of this process and of the local NATS and Redis servers (read from /proc on Linux), so
// the section can say how much CPU a message costs where, on a machine that runs all of them.
import { readdirSync, readFileSync } from 'node:fs';

/** CPU time (user + system) this process has used so far, in ms. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const SERVERS: ReadonlySet<string> = new Set(['nats-server', 'redis-server']);
/** Linux's USER_HZ: /proc counts CPU time in ticks of 10 ms. */
const TICK_MS = 10;

/** CPU time (ms) the local nats-server and redis-server processes have used so far; NaN where /proc cannot tell. */
export function serversCpuMs(): number {
  let total = 0;
  let found = 0;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return NaN;
  }
  for (const pid of pids) {
    try {
      if (!SERVERS.has(readFileSync(`/proc/${pid}/comm`, 'utf8').trim())) continue;
      // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * TICK_MS;
      found++;
    } catch {
      // the process ended meanwhile
    }
  }
  return found === 0 ? NaN : total;
}
