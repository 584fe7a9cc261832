import type { HoldoutEvaluation } from '@scorebridge/shared';
import { html, svg } from 'lit';
import { percent } from '../format.ts';
import { SERIES_STYLES, type SeriesName } from './chart-colors.ts';
import { chartStyles, EvidenceChart } from './evidence-chart.ts';

const WIDTH = 240;
const PAD = { left: 48, right: 16, top: 8, bottom: 30 };
/** Square: predicted and observed share one scale. */
const PLOT = WIDTH - PAD.left - PAD.right;
const HEIGHT = PAD.top + PLOT + PAD.bottom;

const x = (value: number) => PAD.left + value * PLOT;
const y = (value: number) => PAD.top + (1 - value) * PLOT;

type Bins = HoldoutEvaluation['calibration'];

/**
 * Calibration on the holdout: each bin's mean predicted probability against the share that really
 * converted, for the candidate and the current version; on the diagonal is well calibrated.
 */
export class CalibrationChart extends EvidenceChart<Bins> {
  static override styles = chartStyles(WIDTH);

  constructor() {
    super([]);
  }

  private series(name: SeriesName, bins: Bins) {
    const { color } = SERIES_STYLES[name];
    const points = bins.map((bin) => `${x(bin.meanPredicted).toFixed(1)},${y(bin.observedRate).toFixed(1)}`).join(' ');
    return svg`<g class="series-${name}">
      <polyline points=${points} fill="none" stroke=${color} stroke-width="2" stroke-dasharray=${name === 'current' ? '4 3' : 'none'} />
      ${bins.map((bin) => svg`<circle cx=${x(bin.meanPredicted)} cy=${y(bin.observedRate)} r="3" fill=${color}><title>${SERIES_STYLES[name].label}: predicted ${percent(bin.meanPredicted)}, observed ${percent(bin.observedRate)} (${bin.count} rows)</title></circle>`)}
    </g>`;
  }

  private description(): string {
    const worst = (bins: Bins) => Math.max(0, ...bins.map((bin) => Math.abs(bin.meanPredicted - bin.observedRate)));
    const parts = [`candidate's largest gap between predicted and observed is ${percent(worst(this.candidate))}`];
    if (this.current) parts.push(`current version's ${percent(worst(this.current))}`);
    return `Calibration chart: ${parts.join('; ')}.`;
  }

  override render() {
    const ticks = [0, 0.25, 0.5, 0.75, 1];
    return html`<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label=${this.description()}>
      ${ticks.map(
        (tick) => svg`
          <line x1=${x(0)} x2=${x(1)} y1=${y(tick)} y2=${y(tick)} stroke="#ebebeb" />
          <text x=${PAD.left - 4} y=${y(tick) + 3} text-anchor="end" fill="#616161">${percent(tick)}</text>
          <text x=${x(tick)} y=${y(0) + 13} text-anchor="middle" fill="#616161">${percent(tick)}</text>`,
      )}
      <line x1=${x(0)} y1=${y(0)} x2=${x(1)} y2=${y(1)} stroke="#c7c7c7" stroke-dasharray="2 2" />
      <rect x=${x(0)} y=${y(1)} width=${PLOT} height=${PLOT} fill="none" stroke="#8a8a8a" />
      ${this.current ? this.series('current', this.current) : ''} ${this.series('candidate', this.candidate)}
      <text x=${x(0.5)} y=${HEIGHT - 2} text-anchor="middle" fill="#424242">Predicted</text>
      <text x="10" y=${y(0.5)} text-anchor="middle" fill="#424242" transform="rotate(-90 10 ${y(0.5)})">Observed</text>
    </svg>`;
  }
}

customElements.define('calibration-chart', CalibrationChart);
