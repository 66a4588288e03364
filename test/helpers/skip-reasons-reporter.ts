/**
 * A vitest reporter that ends the run's summary with every skipped test and why it was skipped,
 * since the default reporter prints only "N skipped" for a whole run. The reason is the note given
 * to `ctx.skip(reason)`; a test skipped with `it.skip` / `describe.skipIf` carries it in its name
 * (our convention: "… (skipped: reason)"). Tests left out by a `-t` name filter are not listed.
 */
import type { Reporter, TestCase, TestModule, Vitest } from 'vitest/node';
import { relative } from 'node:path';

/** One skipped test: where it is, its full name, and its reason when one was given. */
export interface SkippedTest {
  file: string;
  name: string;
  reason: string | undefined;
}

const reasonMarker = 'skipped: ';

/** The reason a skipped test's name gives ("… (skipped: reason)", on the test or on a describe around it). */
export function reasonInName(name: string): string | undefined {
  const start = name.indexOf(reasonMarker);
  if (start < 0) return undefined;
  const rest = name.slice(start + reasonMarker.length);
  const describeEnd = rest.indexOf(') > ');
  return describeEnd >= 0 ? rest.slice(0, describeEnd) : rest.replace(/\)$/, '');
}

/** The summary lines: a heading, then each reason with the tests it skipped (none when nothing was skipped). */
export function skipSummary(skipped: readonly SkippedTest[]): string[] {
  if (skipped.length === 0) return [];
  const byReason = new Map<string, SkippedTest[]>();
  for (const test of skipped) {
    const reason = test.reason ?? reasonInName(test.name) ?? 'no reason given (skip with ctx.skip(reason))';
    byReason.set(reason, [...(byReason.get(reason) ?? []), test]);
  }
  const lines = [`Skipped tests and why (${skipped.length}):`];
  for (const [reason, tests] of byReason) {
    lines.push(`  ${reason}:`);
    for (const test of tests) lines.push(`    ${test.file} > ${test.name}`);
  }
  return lines;
}

function skippedTest(testCase: TestCase, root: string): SkippedTest | undefined {
  const result = testCase.result();
  if (result.state !== 'skipped') return undefined;
  return { file: relative(root, testCase.module.moduleId), name: testCase.fullName, reason: result.note };
}

export default class SkipReasonsReporter implements Reporter {
  private root = process.cwd();
  private nameFiltered = false;
  private print: (line: string) => void = (line) => process.stdout.write(`${line}\n`);

  onInit(vitest: Vitest): void {
    this.root = vitest.config.root;
    this.nameFiltered = Boolean(vitest.config.testNamePattern);
    this.print = (line) => vitest.logger.log(line);
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skipped = testModules
      .flatMap((testModule) => Array.from(testModule.children.allTests()))
      .map((testCase) => skippedTest(testCase, this.root))
      .filter((test): test is SkippedTest => test !== undefined)
      // A name filter skips every other test, with no note: those are not skips to explain.
      .filter((test) => !this.nameFiltered || test.reason !== undefined);
    for (const line of skipSummary(skipped)) this.print(line);
  }
}
