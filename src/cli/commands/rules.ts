/** `wsus-audit rules <list|show|validate|test|new|facts>`: the rule set as consultants see and extend it. */
import type { Argv, CommandModule } from "yargs";
import { AREAS } from "../../result/types.js";

interface RulesArgs {
  dir?: string;
  id?: string;
  name?: string;
  area?: string;
  title?: string;
  rules: string[];
  config?: string;
  json: boolean;
  verbose: boolean;
  "default-rules": boolean;
}

const ruleSetOptions = (yargs: Argv): Argv =>
  yargs
    .option("rules", { type: "array", string: true, default: [], describe: "Extra rule folder (repeatable)" })
    .option("config", {
      type: "string",
      describe: "Customer configuration [default: ./wsus-audit.config.json if present]",
    })
    .option("default-rules", {
      type: "boolean",
      default: true,
      describe: "Include the shipped rules (--no-default-rules: only --rules)",
    })
    .option("json", { type: "boolean", default: false, describe: "Machine-readable output" });

const listCommand: CommandModule<object, RulesArgs> = {
  command: "list",
  describe:
    "List the rules: id, checks, severity, area, source, evidence required, where loaded from, overrides",
  builder: (yargs) => ruleSetOptions(yargs) as Argv<RulesArgs>,
  handler: async (args) => {
    const { listRules } = await import("../work/rules.js");
    process.exitCode = await listRules(args);
  },
};

const showCommand: CommandModule<object, RulesArgs> = {
  command: "show <id>",
  describe:
    "A rule in words: conditions as sentences, parameters with defaults and overrides, evidence, remediation",
  builder: (yargs) =>
    ruleSetOptions(
      yargs.positional("id", { type: "string", demandOption: true, describe: "Rule id (see rules list)" }),
    ) as Argv<RulesArgs>,
  handler: async (args) => {
    const { showRule } = await import("../work/rules.js");
    process.exitCode = await showRule({ ...args, id: String(args.id) });
  },
};

const validateCommand: CommandModule<object, RulesArgs> = {
  command: "validate [dir]",
  describe: "Validate rule files (schema, facts, operators, parameters, templates); exit 2 on any problem",
  builder: (yargs) =>
    yargs.positional("dir", {
      type: "string",
      describe: "Rule folder [default: the shipped rules]",
    }) as Argv<RulesArgs>,
  handler: async (args) => {
    const { validateRules } = await import("../work/rules.js");
    process.exitCode = await validateRules(args.dir);
  },
};

const testCommand: CommandModule<object, RulesArgs> = {
  command: "test [dir]",
  describe:
    "Run the test cases beside each rule (<id>.test.json) and print N passed, N failed; exit 1 on a failure",
  builder: (yargs) =>
    yargs
      .positional("dir", { type: "string", describe: "Rule folder [default: the shipped rules]" })
      .option("verbose", {
        type: "boolean",
        default: false,
        describe: "List passing cases too",
      }) as Argv<RulesArgs>,
  handler: async (args) => {
    const { testRules } = await import("../work/rules.js");
    process.exitCode = await testRules(args.dir, args.verbose);
  },
};

const newCommand: CommandModule<object, RulesArgs> = {
  command: "new <id>",
  describe: "Write a scaffold rule and its test file (they validate and pass as generated)",
  builder: (yargs) =>
    yargs
      .positional("id", { type: "string", demandOption: true, describe: "New rule id, kebab-case" })
      .option("area", { choices: AREAS, demandOption: true, describe: "Area of the check" })
      .option("dir", { type: "string", describe: "Folder to write into [default: ./rules-custom/<area>]" })
      .option("title", { type: "string", describe: "Finding title" })
      .example(
        "$0 rules new iis-contoso-ssl-port --area iis",
        "Writes rules-custom/iis/iis-contoso-ssl-port.json and .test.json",
      ) as Argv<RulesArgs>,
  handler: async (args) => {
    const { newRule } = await import("../work/rules-new.js");
    const { relative } = await import("node:path");
    const written = await newRule({
      id: String(args.id),
      area: String(args.area),
      dir: args.dir,
      title: args.title,
    });
    const folder = relative(process.cwd(), written.rule).replace(/[/\\][^/\\]+$/, "") || ".";
    console.log(`wrote ${relative(process.cwd(), written.rule)}`);
    console.log(`wrote ${relative(process.cwd(), written.tests)}`);
    console.log("The scaffold validates and its 3 test cases pass. Next:");
    console.log("  1. wsus-audit rules facts                        the facts a condition may use");
    console.log(
      `  2. wsus-audit facts <bundle> --fact <name>       real values to write the condition against`,
    );
    console.log(`  3. edit the rule and its test cases, then: wsus-audit rules test ${folder}`);
    console.log(`  4. wsus-audit audit <bundle> --rules ${folder} --explain ${String(args.id)}`);
  },
};

const factsCatalogueCommand: CommandModule<object, RulesArgs> = {
  command: "facts [name]",
  describe: "The fact catalogue: every fact a rule may name, its params and the shape of its value",
  builder: (yargs) =>
    yargs.positional("name", { type: "string", describe: "One fact, with an example value" }).option("json", {
      type: "boolean",
      default: false,
      describe: "Machine-readable output",
    }) as Argv<RulesArgs>,
  handler: async (args) => {
    const { printFactCatalogue } = await import("../work/rules-facts.js");
    process.exitCode = printFactCatalogue({ name: args.name, json: args.json });
  },
};

export const rulesCommand: CommandModule = {
  command: "rules <command>",
  describe: "List, show, validate, test and write rules; the fact catalogue",
  builder: (yargs: Argv) =>
    yargs
      .command(listCommand as unknown as CommandModule)
      .command(showCommand as unknown as CommandModule)
      .command(validateCommand as unknown as CommandModule)
      .command(testCommand as unknown as CommandModule)
      .command(newCommand as unknown as CommandModule)
      .command(factsCatalogueCommand as unknown as CommandModule)
      .demandCommand(1, "Name a rules command: list, show, validate, test, new or facts."),
  handler: () => undefined,
};
