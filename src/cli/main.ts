import { Command } from 'commander';
import { APP_VERSION } from '../core/version';
import { registerAgreement } from './commands/agreement';
import { registerExport } from './commands/export';
import { registerImport } from './commands/import';
import { registerBackup } from './commands/backup';
import { registerInfo } from './commands/info';
import { registerServe } from './commands/serve';
import { registerTeam } from './commands/team';
import { registerSuggest } from './commands/suggest';
import { reportFailure } from './context';

const program = new Command();
program
  .name('awb')
  .description('Annotation Workbench on the command line: the same database and services as the desktop app.')
  .version(APP_VERSION)
  .option('--db <path>', 'database file (default: $AWB_DB, else the app data folder)')
  .showHelpAfterError();

registerInfo(program);
registerImport(program);
registerExport(program);
registerSuggest(program);
registerAgreement(program);
registerServe(program);
registerBackup(program);
registerTeam(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.exitCode = reportFailure(error);
});
