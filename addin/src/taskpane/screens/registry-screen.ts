import { registryRoutes, type ModelVersion, type RegisteredModel } from '@scorebridge/shared';
import { html } from 'lit';
import { decimal, shortDate } from '../format.ts';
import { PaneScreen } from './pane-screen.ts';

const METRICS = Object.freeze([
  { key: 'rocAuc', label: 'ROC AUC' },
  { key: 'prAuc', label: 'PR AUC' },
  { key: 'logLoss', label: 'Log loss' },
  { key: 'brierScore', label: 'Brier' },
] as const);

function aliasBadges(aliases: readonly string[]) {
  return aliases.length === 0 ? html`<span class="badge">candidate</span>` : aliases.map((alias) => html`<span class="badge good">${alias}</span>`);
}

/** The model registry: registered models with their aliases, and one model's versions with holdout metrics. */
export class RegistryScreen extends PaneScreen {
  static override properties = {
    models: { state: true },
    selected: { state: true },
    versions: { state: true },
  };

  declare models: RegisteredModel[] | null;
  declare selected: string;
  declare versions: ModelVersion[] | null;

  constructor() {
    super();
    this.models = null;
    this.selected = '';
    this.versions = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const models = await this.attempt(async () => (await this.session.api.call(registryRoutes.list)).items);
    if (!models) return;
    this.models = models;
    const name = models.some((model) => model.name === this.selected) ? this.selected : models[0]?.name;
    if (name) await this.showVersions(name);
  }

  private async showVersions(name: string): Promise<void> {
    this.selected = name;
    this.versions = null;
    this.versions = (await this.attempt(async () => (await this.session.api.call(registryRoutes.versions, { params: { modelName: name } })).items)) ?? null;
  }

  private renderModels(models: RegisteredModel[]) {
    return html`
      <table id="models">
        <caption class="visually-hidden">Registered models</caption>
        <thead><tr><th scope="col">Model</th><th scope="col">Predicts</th><th scope="col">Aliases</th></tr></thead>
        <tbody>
          ${models.map(
            (model) => html`<tr>
              <th scope="row">
                <button type="button" class="link" aria-pressed=${model.name === this.selected ? 'true' : 'false'} @click=${() => this.showVersions(model.name)}>${model.name}</button>
              </th>
              <td>${model.target.column}</td>
              <td>${Object.entries(model.aliases).map(([alias, version]) => html`<span class="badge good">${alias}: v${version}</span>`)}${Object.keys(model.aliases).length === 0 ? html`<span class="hint">none yet</span>` : ''}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    `;
  }

  private renderVersions(versions: ModelVersion[]) {
    return html`
      <h3 id="versions-heading">Versions of ${this.selected}</h3>
      <table id="versions" aria-labelledby="versions-heading">
        <thead>
          <tr>
            <th scope="col">Version</th>
            ${METRICS.map((metric) => html`<th scope="col" class="number">${metric.label}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${versions.map(
            (version) => html`<tr>
              <th scope="row">v${version.version} ${aliasBadges(version.aliases)}<br /><span class="hint">${version.kind}, ${shortDate(version.createdAt)}</span></th>
              ${METRICS.map((metric) => html`<td class="number">${decimal(version.metrics?.[metric.key])}</td>`)}
            </tr>`,
          )}
        </tbody>
      </table>
      <p class="hint">Holdout metrics of each version's own training run. Higher ROC and PR AUC are better; lower log loss and Brier score are better.</p>
    `;
  }

  override render() {
    return html`
      <h2>Models</h2>
      <div class="actions"><button type="button" @click=${this.refresh}>Refresh</button></div>
      ${this.models === null ? html`<p class="hint">Loading…</p>` : this.models.length === 0 ? html`<p class="notice">No models yet: train one and it is registered here.</p>` : this.renderModels(this.models)}
      ${this.versions ? this.renderVersions(this.versions) : ''}
      ${this.renderError()}
    `;
  }
}

customElements.define('registry-screen', RegistryScreen);
