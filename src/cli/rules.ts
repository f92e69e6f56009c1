/** `wsus-audit rules <list|validate|test>`: the rule set as consultants see it. */
import type { Argv, CommandModule } from "yargs";

interface RulesArgs {
  dir?: string;
  rules: string[];
  config?: string;
  json: boolean;
  "default-rules": boolean;
}

const shared = (yargs: Argv): Argv =>
  yargs
    .option("rules", { type: "array", string: true, default: [], describe: "Extra rule folder (repeatable)" })
    .option("config", { type: "string", describe: "Customer configuration [default: ./wsus-audit.config.json if present]" })
    .option("default-rules", { type: "boolean", default: true, describe: "Include the shipped rules" });

const listCommand: CommandModule<object, RulesArgs> = {
  command: "list",
  describe: "List the rules: id, checks, severity, area, evidence required, origin, overrides",
  builder: (yargs) => shared(yargs).option("json", { type: "boolean", default: false, describe: "Machine-readable output" }) as Argv<RulesArgs>,
  handler: async (args) => {
    const { listRules } = await import("./rules-impl.js");
    process.exitCode = await listRules(args);
  },
};

const validateCommand: CommandModule<object, RulesArgs> = {
  command: "validate [dir]",
  describe: "Validate rule files (schema, facts, operators, parameters, templates); exit 2 on any problem",
  builder: (yargs) =>
    yargs.positional("dir", { type: "string", describe: "Rule folder [default: the shipped rules]" }) as Argv<RulesArgs>,
  handler: async (args) => {
    const { validateRules } = await import("./rules-impl.js");
    process.exitCode = await validateRules(args.dir);
  },
};

const testCommand: CommandModule<object, RulesArgs> = {
  command: "test [dir]",
  describe: "Run the test cases that ship with each rule (<id>.test.json) and print N passed, N failed",
  builder: (yargs) =>
    yargs.positional("dir", { type: "string", describe: "Rule folder [default: the shipped rules]" }) as Argv<RulesArgs>,
  handler: async (args) => {
    const { testRules } = await import("./rules-impl.js");
    process.exitCode = await testRules(args.dir);
  },
};

export const rulesCommand: CommandModule = {
  command: "rules <command>",
  describe: "List, validate and test rules",
  builder: (yargs: Argv) =>
    yargs
      .command(listCommand as unknown as CommandModule)
      .command(validateCommand as unknown as CommandModule)
      .command(testCommand as unknown as CommandModule)
      .demandCommand(1, "Name a rules command: list, validate or test."),
  handler: () => undefined,
};
