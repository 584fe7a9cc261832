import { datasetRoutes, type Dataset, type QualityReport } from '@scorebridge/shared';
import { html } from 'lit';
import { readTableDatasetRows } from '../datasets/table-dataset-rows.ts';
import { readSelectedTable, type TableSnapshot } from '../excel-gateway.ts';
import { count, percent } from '../format.ts';
import { canImportAndScore } from '../session.ts';
import { PaneScreen } from './pane-screen.ts';
import './quality-report-view.ts';

/**
 * Pushing the selected table to Scorebridge as a dataset (POST /v1/datasets), then its data-quality
 * report: the findings that need no target at once, and readiness once an outcome column is chosen.
 */
export class PushDatasetScreen extends PaneScreen {
  static override properties = {
    table: { state: true },
    phase: { state: true },
    progress: { state: true },
    pushed: { state: true },
    created: { state: true },
    report: { state: true },
  };

  declare table: TableSnapshot | null;
  declare phase: 'idle' | 'reading' | 'sending' | 'checking';
  declare progress: { done: number; total: number } | null;
  declare pushed: Dataset | null;
  declare created: boolean;
  declare report: QualityReport | null;

  constructor() {
    super();
    this.table = null;
    this.phase = 'idle';
    this.progress = null;
    this.pushed = null;
    this.created = false;
    this.report = null;
  }

  private async useSelectedTable(): Promise<void> {
    this.table = (await this.attempt(readSelectedTable)) ?? null;
  }

  private async push(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!this.table) return;
    const table = this.table;
    const name = this.renderRoot.querySelector<HTMLInputElement>('#dataset-name')!.value.trim() || table.name;
    this.pushed = null;
    this.report = null;
    const imported = await this.attempt(async () => {
      this.phase = 'reading';
      const { columns, rows } = await readTableDatasetRows(table.name, (progress) => (this.progress = progress));
      if (rows.length === 0) throw new Error('The table has no data rows to push');
      this.phase = 'sending';
      return this.session.api.call(datasetRoutes.pushRows, { body: { name, columns, rows } });
    });
    this.phase = 'idle';
    if (!imported) return;
    this.pushed = imported.dataset;
    this.created = imported.created;
  }

  private async checkTarget(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!this.pushed) return;
    const target = this.renderRoot.querySelector<HTMLSelectElement>('#target')!.value;
    const positive = this.renderRoot.querySelector<HTMLInputElement>('#positive')!.value.trim();
    const datasetId = this.pushed.id;
    this.phase = 'checking';
    this.report = (await this.attempt(() => this.session.api.call(datasetRoutes.quality, { params: { datasetId }, query: { target, ...(positive ? { positive } : {}) } }))) ?? null;
    this.phase = 'idle';
  }

  private renderDataset(dataset: Dataset) {
    return html`
      <div class="success" role="status" id="push-result">
        ${this.created ? 'Created' : 'Already in Scorebridge (the same data was pushed before):'} dataset <strong>${dataset.name}</strong>, ${count(dataset.rowCount)} rows,
        ${dataset.columns.length} columns.
      </div>
      <h3>Data quality</h3>
      <form @submit=${this.checkTarget}>
        <label for="target">Outcome column</label>
        <select id="target">
          ${dataset.columns.map((column) => html`<option value=${column}>${column}</option>`)}
        </select>
        <label for="positive">Values meaning the good outcome <span class="hint">(optional, comma-separated; inferred for yes/no, true/false, 1/0, won/lost)</span></label>
        <input id="positive" type="text" placeholder="Converted, Won" />
        <div class="actions"><button type="submit" ?disabled=${this.phase !== 'idle'}>Check readiness</button></div>
      </form>
      <quality-report-view .report=${this.report ?? dataset.quality} ?with-target=${this.report !== null}></quality-report-view>
    `;
  }

  override render() {
    if (!canImportAndScore(this.session)) {
      return html`<h2>Push a table</h2>
        <p class="notice">Pushing data needs the analyst or admin role; yours is ${this.session.me.user.role}. Ask an admin.</p>`;
    }
    const table = this.table;
    const progress = this.progress;
    return html`
      <h2>Push a table</h2>
      <p class="hint">Sends the table's rows to Scorebridge as a dataset, for training and its data-quality report.</p>
      <div class="actions">
        <button type="button" id="use-table" ?disabled=${this.phase !== 'idle'} @click=${this.useSelectedTable}>Use the selected table</button>
      </div>
      ${table
        ? html`<p id="table-summary"><strong>${table.name}</strong> on ${table.worksheet}: ${count(table.rowCount)} rows, ${table.columns.length} columns.</p>
            <form @submit=${this.push}>
              <label for="dataset-name">Dataset name</label>
              <input id="dataset-name" type="text" .value=${table.name} maxlength="200" />
              <div class="actions"><button type="submit" class="primary" id="push" ?disabled=${this.phase !== 'idle'}>Push ${count(table.rowCount)} rows</button></div>
            </form>`
        : html`<p class="hint">Click a cell inside an Excel table, then the button above.</p>`}
      ${this.phase === 'reading' && progress
        ? html`<label for="read-progress">Reading ${count(progress.done)} of ${count(progress.total)} rows (${percent(progress.total ? progress.done / progress.total : 1)})</label>
            <progress id="read-progress" max=${progress.total || 1} value=${progress.done}></progress>`
        : ''}
      ${this.phase === 'sending' ? html`<p role="status">Sending to Scorebridge and profiling…</p>` : ''}
      ${this.phase === 'checking' ? html`<p role="status">Checking readiness…</p>` : ''}
      ${this.pushed ? this.renderDataset(this.pushed) : ''}
      ${this.renderError()}
    `;
  }
}

customElements.define('push-dataset-screen', PushDatasetScreen);
