import type { BuildComparison } from './build-comparison.js';
import type { Figures, RoundMeasurements } from './round-figures.js';
import type { Scenario } from './scenario.types.js';

/** Everything one scenario produced over the run. */
export interface ScenarioResult {
  scenario: Scenario;
  rounds: RoundMeasurements[];
  figures: Figures[];
  median: Figures;
  /** The `--baseline` build's figures (median of rounds), when one ran beside the gateway. */
  baselineMedian?: Figures;
  /** Switchyard (and the control, with `--control`) over the baseline build, round by round. */
  againstBaseline?: BuildComparison[];
}
