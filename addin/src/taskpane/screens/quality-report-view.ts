import type { QualityFinding, QualityReport } from '@scorebridge/shared';
import { html, LitElement } from 'lit';
import { paneStyles } from '../pane-styles.ts';

const SEVERITY_BADGE = Object.freeze({ blocker: 'bad', warning: 'pending', info: '' } as const);

/** A dataset's data-quality report: the readiness verdict with its checks, then findings, blockers first. */
export class QualityReportView extends LitElement {
  static override styles = paneStyles;
  static override properties = { report: { attribute: false }, withTarget: { type: Boolean, attribute: 'with-target' } };

  declare report: QualityReport | null;
  /** Whether the report was asked with a target: only then is the readiness verdict meaningful. */
  declare withTarget: boolean;

  constructor() {
    super();
    this.report = null;
    this.withTarget = false;
  }

  /** One severity's findings, folded unless it should be read first; nothing when there are none. */
  private findingGroup(severity: QualityFinding['severity'], title: string, open: boolean) {
    const findings = this.report?.findings.filter((finding) => finding.severity === severity) ?? [];
    if (findings.length === 0) return '';
    return html`<details class="findings-${severity}" ?open=${open}>
      <summary>${title} (${findings.length})</summary>
      <ul>
        ${findings.map((finding) => html`<li><span class="badge ${SEVERITY_BADGE[finding.severity]}">${finding.columns.join(', ') || 'rows'}</span>${finding.message}</li>`)}
      </ul>
    </details>`;
  }

  override render() {
    const report = this.report;
    if (!report) return '';
    const { readiness, findings } = report;
    // Counted here rather than taken from report.counts, which leaves out the findings against other datasets.
    const counts = { blocker: 0, warning: 0, info: 0 };
    for (const finding of findings) counts[finding.severity]++;
    return html`
      <section aria-label="Data quality">
        <p>
          <span class="badge ${counts.blocker ? 'bad' : 'good'}">${counts.blocker} blockers</span>
          <span class="badge ${counts.warning ? 'pending' : 'good'}">${counts.warning} warnings</span>
          <span class="badge">${counts.info} notes</span>
        </p>
        ${this.withTarget
          ? html`<p id="readiness" class=${readiness.ready ? 'success' : 'error'}>${readiness.ready ? 'Ready to train on this target.' : 'Not ready to train on this target yet:'}</p>
              <ul>
                ${readiness.checks.map((check) => html`<li><span class="badge ${check.passed ? 'good' : 'bad'}">${check.passed ? 'passed' : 'failed'}</span>${check.message}</li>`)}
              </ul>`
          : html`<p class="hint">Choose the outcome column above for class balance, leakage and readiness.</p>`}
        ${findings.length === 0 ? html`<p>No findings.</p>` : ''}
        ${this.findingGroup('blocker', 'Blockers', true)} ${this.findingGroup('warning', 'Warnings', counts.warning <= 5)} ${this.findingGroup('info', 'Notes', false)}
      </section>
    `;
  }
}

customElements.define('quality-report-view', QualityReportView);
