// Runs the workbench as a host would (startWorkbench) in its own process, makes the calls given
// as JSON and prints what each answered plus the storage status, as one JSON line. Fault tests use
// it to run as another user (a read-only file means nothing to root).
// Usage: storageProbe.ts <db> '<[["method", input], …]>'
import { startWorkbench } from '../../runningWorkbench';

const [dbPath, callsJson] = process.argv.slice(2);
if (!dbPath) throw new Error('usage: storageProbe.ts <db> <calls json>');
const calls = JSON.parse(callsJson ?? '[]') as [string, unknown][];
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const running = await startWorkbench(dbPath, { logger: quiet, autoBackupMinutes: 0 });
await running.startupBackup;
const results = [];
for (const [method, input] of calls) results.push(await running.dispatch(method, input));
const status = running.control.status();
await running.close();
process.stdout.write(`${JSON.stringify({ results, status })}\n`);
