import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** One axe-core rule violation, trimmed to what a failure message needs. */
export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: readonly string[];
}

const AXE_SOURCE = readFileSync(createRequire(__filename).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core (WCAG 2.0–2.2 A/AA and best practices) on the page and returns the serious
 * and critical violations. axe is evaluated through the DevTools protocol, which the page's
 * Content-Security-Policy does not restrict, so the policy stays as strict as in production.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const scan = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: AxeRunner }).axe;
    const result = await axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    });
    return {
      passes: result.passes.length,
      violations: result.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(' ')),
      })),
    };
  });
  // A scan that checked nothing would pass vacuously.
  if (scan.passes === 0) throw new Error('axe-core ran no rule on the page');
  return scan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The slice of axe-core's API used here (its own typings would need a DOM lib in Node). */
interface AxeRunner {
  run(
    context: Document,
    options: object,
  ): Promise<{
    passes: unknown[];
    violations: {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: string[] }[];
    }[];
  }>;
}
