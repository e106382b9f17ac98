import { appCreate, appList, appQuotas, userSig } from './cli/app-commands.ts';
import { memberAdd } from './cli/member-commands.ts';
import { migrateOnly, serve } from './cli/serve.ts';
import { loadConfig } from './platform/config.ts';

const USAGE = `parley <command>

  serve                                   start the server (PORT, PARLEY_DATA_DIR or DATABASE_URL, REDIS_URL)
  migrate                                 bring the database schema up to date and exit
  app create --name <name> [--admin <id>] [--json]
                                          create an app; --json prints {"sdkAppId","secretKey","adminIdentifier"}
  app list [--json]                       list apps
  app quotas --app <sdkAppId> [--set name=value ...]
                                          show or change an app's quotas (maxLanguages, maxRobots, ...)
  member add --app <sdkAppId> --email <email> --nick <nick> [--role super_admin|admin|staff ...] [--json]
                                          add a team member (default role super_admin) and print its password
  usersig --app <sdkAppId> [--identifier <id>] [--expire <seconds>]
                                          print a UserSig for calling the REST API
  eval --knowledge K.jsonl --queries Q.jsonl [--json] [--thresholds d,c,q]
                                          measure the FAQ matcher on an evaluation set
`;

export async function main(argv: string[]): Promise<void> {
  const [command, sub] = argv;
  try {
    if (command === 'serve') return await serve(loadConfig());
    if (command === 'migrate') return await migrateOnly(loadConfig());
    if (command === 'app' && sub === 'create') return await appCreate(argv.slice(2), loadConfig());
    if (command === 'app' && sub === 'list') return await appList(argv.slice(2), loadConfig());
    if (command === 'app' && sub === 'quotas') return await appQuotas(argv.slice(2), loadConfig());
    if (command === 'member' && sub === 'add') return await memberAdd(argv.slice(2), loadConfig());
    if (command === 'usersig') return await userSig(argv.slice(1), loadConfig());
    if (command === 'eval') {
      const { evalCommand } = await import('./cli/eval-command.ts');
      return await evalCommand(argv.slice(1));
    }
    process.stderr.write(USAGE);
    process.exitCode = command && command !== 'help' && command !== '--help' ? 2 : 0;
  } catch (error) {
    process.stderr.write(`parley: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
