import { CHAMPION_ALIAS, registryRoutes, servingRoutes, type RegisteredModel } from '@scorebridge/shared';
import { html } from 'lit';
import { readSelectedTable, type TableSnapshot } from '../excel-gateway.ts';
import { count, percent } from '../format.ts';
import { suggestMapping, type FieldMapping } from '../scoring/column-mapping.ts';
import { OUTPUT_COLUMNS, scoreTable, type ScoreTableSummary } from '../scoring/score-table-run.ts';
import { PaneScreen } from './pane-screen.ts';

const OUTPUT_NAMES = new Set(Object.values(OUTPUT_COLUMNS).map((name) => name.toLowerCase()));

/** The version a model name serves, in words, and the fields it reads. */
interface ServingVersion {
  label: string;
  fields: string[];
}

/**
 * Scoring the selected Excel table: pick a model, check which column feeds each of its fields, and
 * write Score, Grade and Reasons into the table a chunk at a time, with a progress bar and a stop
 * button. Scoring again overwrites the same columns.
 */
export class ScoreTableScreen extends PaneScreen {
  static override properties = {
    chunkRows: { type: Number, attribute: 'chunk-rows' },
    table: { state: true },
    models: { state: true },
    modelName: { state: true },
    serving: { state: true },
    mapping: { state: true },
    progress: { state: true },
    summary: { state: true },
    running: { state: true },
  };

  /** Rows per chunk; unset: sized by the table's width (at most 5,000). */
  declare chunkRows: number | undefined;
  declare table: TableSnapshot | null;
  declare models: RegisteredModel[] | null;
  declare modelName: string;
  declare serving: ServingVersion | null;
  declare mapping: FieldMapping[];
  declare progress: { done: number; total: number } | null;
  declare summary: ScoreTableSummary | null;
  declare running: AbortController | null;

  constructor() {
    super();
    this.chunkRows = undefined;
    this.table = null;
    this.models = null;
    this.modelName = '';
    this.serving = null;
    this.mapping = [];
    this.progress = null;
    this.summary = null;
    this.error = '';
    this.running = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadModels();
  }

  private async loadModels(): Promise<void> {
    const models = await this.attempt(async () => (await this.session.api.call(registryRoutes.list)).items);
    if (!models) return;
    this.models = models;
    if (!this.modelName && models[0]) await this.chooseModel(models[0].name);
  }

  private async chooseModel(name: string): Promise<void> {
    this.modelName = name;
    this.serving = null;
    const model = this.models?.find((candidate) => candidate.name === name);
    if (!model) return;
    const versions = await this.attempt(async () => (await this.session.api.call(registryRoutes.versions, { params: { modelName: name } })).items);
    if (!versions) return;
    const champion = model.aliases[CHAMPION_ALIAS];
    const version = versions.find((candidate) => candidate.version === (champion ?? model.latestVersion));
    if (!version) {
      this.error = `Model "${name}" has no version to score with yet: train one first.`;
      return;
    }
    this.serving = { label: champion ? `version ${version.version} (champion)` : `version ${version.version} (the newest; no champion yet)`, fields: version.inputFields };
    this.remap();
  }

  private remap(): void {
    if (!this.serving || !this.table) return;
    this.mapping = suggestMapping(this.serving.fields, this.inputColumns());
  }

  private inputColumns(): string[] {
    return (this.table?.columns ?? []).filter((column) => !OUTPUT_NAMES.has(column.toLowerCase()));
  }

  private async useSelectedTable(): Promise<void> {
    this.summary = null;
    this.progress = null;
    this.table = (await this.attempt(readSelectedTable)) ?? null;
    this.remap();
  }

  private mapField(field: string, column: string): void {
    this.mapping = this.mapping.map((entry) => (entry.field === field ? { field, column: column || null } : entry));
  }

  private async score(): Promise<void> {
    if (!this.table || !this.serving) return;
    const controller = new AbortController();
    const tableName = this.table.name;
    this.running = controller;
    this.summary = null;
    this.progress = { done: 0, total: this.table.rowCount };
    this.summary =
      (await this.attempt(() =>
        scoreTable({
          tableName,
          mapping: this.mapping,
          model: this.modelName,
          ...(this.chunkRows ? { chunkRows: this.chunkRows } : {}),
          score: (body, signal) => this.session.api.call(servingRoutes.score, { body, ...(signal ? { signal } : {}) }),
          onProgress: (progress) => (this.progress = progress),
          signal: controller.signal,
        }),
      )) ?? null;
    this.running = null;
  }

  private renderMapping() {
    const matched = this.mapping.filter((entry) => entry.column !== null).length;
    const columns = this.inputColumns();
    // All matched: folded away, one click to check; anything missing: open, so it is seen.
    return html`
      <details ?open=${matched < this.mapping.length}>
        <summary>Columns for the model's fields: ${matched} of ${this.mapping.length} matched by name</summary>
        <p class="hint">A field without a column is scored as missing.</p>
        <table>
          <caption class="visually-hidden">Table column for each model field</caption>
          <thead><tr><th scope="col">Model field</th><th scope="col">Table column</th></tr></thead>
          <tbody>
            ${this.mapping.map(
              (entry) => html`<tr>
                <th scope="row"><label for="map-${entry.field}" class="field-name">${entry.field}</label></th>
                <td>
                  <select id="map-${entry.field}" ?disabled=${this.running !== null} @change=${(event: Event) => this.mapField(entry.field, (event.target as HTMLSelectElement).value)}>
                    <option value="" ?selected=${entry.column === null}>(missing)</option>
                    ${columns.map((column) => html`<option value=${column} ?selected=${entry.column === column}>${column}</option>`)}
                  </select>
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </details>
    `;
  }

  private renderProgress() {
    if (!this.progress) return '';
    const { done, total } = this.progress;
    const share = total === 0 ? 1 : done / total;
    return html`
      <label for="score-progress">${this.running ? 'Scoring' : 'Scored'} ${count(done)} of ${count(total)} rows (${percent(share)})</label>
      <progress id="score-progress" max=${total || 1} value=${done} aria-valuetext="${percent(share)}"></progress>
    `;
  }

  private renderSummary() {
    const summary = this.summary;
    if (!summary) return '';
    const added = summary.addedColumns.length ? `Added the columns ${summary.addedColumns.join(', ')}.` : `Updated the columns ${Object.values(OUTPUT_COLUMNS).join(', ')}.`;
    return html`<div class="success" role="status" id="score-summary">
      <p>Scored ${count(summary.scored)} of ${count(summary.rows)} rows with ${summary.model ? `${summary.model.name} version ${summary.model.version} (${summary.model.via})` : 'no model (the table has no rows)'}. ${added}</p>
      ${summary.notScored ? html`<p>${count(summary.notScored)} rows could not be scored: their Reasons cell says why.</p>` : ''}
    </div>`;
  }

  override render() {
    const table = this.table;
    return html`
      <h2>Score a table</h2>
      <p class="hint">Writes ${Object.values(OUTPUT_COLUMNS).join(', ')} columns into the table; scoring again updates them.</p>
      <div class="actions">
        <button type="button" id="use-table" ?disabled=${this.running !== null} @click=${this.useSelectedTable}>Use the selected table</button>
      </div>
      ${table ? html`<p id="table-summary"><strong>${table.name}</strong> on ${table.worksheet}: ${count(table.rowCount)} rows, ${table.columns.length} columns.</p>` : html`<p class="hint">Click a cell inside an Excel table, then the button above.</p>`}

      <label for="model">Model</label>
      ${this.models === null
        ? html`<p class="hint">Loading models…</p>`
        : this.models.length === 0
          ? html`<p class="notice">No models yet: train one (npx scorebridge train) and it appears here.</p>`
          : html`<select id="model" ?disabled=${this.running !== null} @change=${(event: Event) => this.chooseModel((event.target as HTMLSelectElement).value)}>
              ${this.models.map((model) => html`<option value=${model.name} ?selected=${model.name === this.modelName}>${model.name}</option>`)}
            </select>`}
      ${this.serving ? html`<p class="hint" id="serving-version">Scores with ${this.serving.label}; reads ${this.serving.fields.length} fields.</p>` : ''}
      ${table && this.serving ? this.renderMapping() : ''}

      <div class="actions">
        <button type="button" class="primary" id="score" ?disabled=${!table || !this.serving || this.running !== null} @click=${this.score}>
          Score ${table ? count(table.rowCount) : ''} rows
        </button>
        ${this.running ? html`<button type="button" id="stop" @click=${() => this.running?.abort()}>Stop</button>` : ''}
      </div>
      <div aria-live="polite">${this.renderProgress()}</div>
      ${this.renderSummary()}
      ${this.renderError()}
    `;
  }
}

customElements.define('score-table-screen', ScoreTableScreen);
