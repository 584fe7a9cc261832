import type { HoldoutEvaluation } from '@scorebridge/shared';
import { html, svg } from 'lit';
import { SERIES_STYLES, type SeriesName } from './chart-colors.ts';
import { chartStyles, EvidenceChart } from './evidence-chart.ts';

const WIDTH = 280;
const HEIGHT = 150;
const PAD = { left: 26, right: 6, top: 8, bottom: 28 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;

type Lift = HoldoutEvaluation['lift'];

/**
 * Lift by decile on the holdout, highest scores first: how many times the average conversion rate
 * each tenth of the records reaches, candidate and current side by side.
 */
export class LiftBars extends EvidenceChart<Lift> {
  static override styles = chartStyles(WIDTH);

  constructor() {
    super([]);
  }

  override render() {
    const series: [SeriesName, Lift][] = this.current ? [['candidate', this.candidate], ['current', this.current]] : [['candidate', this.candidate]];
    const groups = this.candidate.length || 10;
    const top = Math.max(1, Math.ceil(Math.max(...series.flatMap(([, lift]) => lift.map((group) => group.lift)))));
    const slot = PLOT_W / groups;
    const bar = (slot - 4) / series.length;
    const y = (value: number) => PAD.top + PLOT_H * (1 - value / top);
    const first = this.candidate[0]?.lift ?? 0;
    const label = `Lift chart: the top tenth of the candidate's scores converts at ${first.toFixed(1)} times the average${this.current?.[0] ? `, the current version's at ${this.current[0].lift.toFixed(1)} times` : ''}.`;
    return html`<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label=${label}>
      ${Array.from({ length: top + 1 }, (_, tick) => svg`<line x1=${PAD.left} x2=${WIDTH - PAD.right} y1=${y(tick)} y2=${y(tick)} stroke=${tick === 1 ? '#8a8a8a' : '#ebebeb'} /><text x=${PAD.left - 4} y=${y(tick) + 3} text-anchor="end" fill="#616161">${tick}×</text>`)}
      ${series.map(([name, lift], index) =>
        lift.map(
          (group, position) => svg`<rect class="bar-${name}" x=${PAD.left + position * slot + 2 + index * bar} y=${y(group.lift)} width=${Math.max(1, bar - 1)} height=${Math.max(0, y(0) - y(group.lift))} fill=${SERIES_STYLES[name].color}>
            <title>${SERIES_STYLES[name].label}, decile ${group.group}: lift ${group.lift.toFixed(2)}, ${(group.cumulativeGain * 100).toFixed(0)}% of conversions so far</title>
          </rect>`,
        ),
      )}
      ${this.candidate.map((group, position) => svg`<text x=${PAD.left + position * slot + slot / 2} y=${HEIGHT - PAD.bottom + 12} text-anchor="middle" fill="#616161">${group.group}</text>`)}
      <text x=${PAD.left + PLOT_W / 2} y=${HEIGHT - 2} text-anchor="middle" fill="#424242">Decile (highest scores first)</text>
    </svg>`;
  }
}

customElements.define('lift-bars', LiftBars);
