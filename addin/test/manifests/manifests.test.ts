import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AppManifestUtils, type TeamsManifest } from '@microsoft/app-manifest';
import { OfficeAddinManifest } from 'office-addin-manifest';
import { iconPng } from '../../scripts/icon-png.ts';
import { devTarget, MANIFESTS_DIR, prodTarget, renderJsonManifest, renderXmlManifest, withSso } from '../../scripts/manifest-targets.ts';
import { descendants, parseXml, path, type XmlElement } from './xml-tree.ts';

const require = createRequire(import.meta.url);
const SCHEMA_FILE = require.resolve('@microsoft/app-manifest/build/json-schemas/teams/v1.24/MicrosoftTeams.schema.json');
const read = (name: string) => readFileSync(new URL(name, MANIFESTS_DIR));
const TARGETS = [devTarget(), prodTarget('https://scorebridge.example.com')];

/** Every URL an XML manifest names, wherever it sits: DefaultValue attributes and AppDomain texts. */
function urlsOf(root: XmlElement): string[] {
  return descendants(root).flatMap((element) => [...Object.values(element.attributes).filter((value) => /^[a-z]+:\/\//i.test(value)), ...(element.name === 'AppDomain' ? [element.text] : [])]);
}

describe('the add-in manifests', () => {
  it('should keep the committed development manifests and icons equal to what the templates give', () => {
    assert.equal(read('manifest.dev.xml').toString(), renderXmlManifest(devTarget()), 'run `npm run manifests` after editing manifest.template.xml');
    assert.equal(read('manifest.dev.json').toString(), renderJsonManifest(devTarget()), 'run `npm run manifests` after editing manifest.template.json');
    assert.ok(read('color.png').equals(iconPng(192)) && read('outline.png').equals(iconPng(32, { outline: true })));
  });

  for (const target of TARGETS) {
    describe(`XML, ${target.name} (${target.origin})`, () => {
      const root = parseXml(renderXmlManifest(target));

      it('should be a well-formed task pane manifest with the elements Office requires, in their order', () => {
        assert.throws(() => parseXml('<OfficeApp><Id></OfficeApp>'), /not well-formed/, 'the parser does catch broken XML');
        assert.deepEqual([root.name, root.type], ['OfficeApp', 'TaskPaneApp']);
        assert.deepEqual(
          root.children.map((child) => child.name),
          ['Id', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'AppDomains', 'Hosts', 'Requirements', 'DefaultSettings', 'Permissions', 'VersionOverrides'],
        );
        assert.equal(path(root, 'Id')!.text, target.id);
        assert.match(path(root, 'Version')!.text, /^\d+\.\d+\.\d+\.\d+$/);
        assert.equal(path(root, 'Hosts', 'Host')!.attributes.Name, 'Workbook');
      });

      it('should run the functions and the task pane in one long-lived shared runtime, with a ribbon button that opens the pane', () => {
        const host = path(root, 'VersionOverrides', 'Hosts', 'Host')!;
        assert.equal(host.type, 'Workbook');
        const runtime = path(host, 'Runtimes', 'Runtime')!;
        assert.deepEqual(runtime.attributes, { resid: 'Taskpane.Url', lifetime: 'long' });
        assert.equal(path(root, 'Requirements', 'Sets', 'Set')!.attributes.Name, 'SharedRuntime');
        const functions = path(host, 'AllFormFactors', 'ExtensionPoint')!;
        assert.equal(functions.type, 'CustomFunctions');
        assert.deepEqual(
          functions.children.map((child) => [child.name, child.children[0]?.attributes.resid ?? child.attributes.resid]),
          [
            ['Script', 'Functions.Script.Url'],
            ['Page', 'Taskpane.Url'],
            ['Metadata', 'Functions.Metadata.Url'],
            ['Namespace', 'Functions.Namespace'],
          ],
        );
        assert.equal(path(host, 'DesktopFormFactor', 'FunctionFile')!.attributes.resid, 'Taskpane.Url', 'the ribbon shares the runtime too');
        const button = descendants(host).find((element) => element.name === 'Control')!;
        assert.equal(button.type, 'Button');
        const action = path(button, 'Action')!;
        assert.equal(action.type, 'ShowTaskpane');
        assert.equal(path(action, 'SourceLocation')!.attributes.resid, 'Taskpane.Url');
      });

      it('should resolve every resid to a resource of the right kind, and name the functions SCOREBRIDGE', () => {
        const resources = path(root, 'VersionOverrides', 'Resources')!;
        const declared = new Map(resources.children.flatMap((group) => group.children.map((resource) => [resource.attributes.id!, { group: group.name, value: resource.attributes.DefaultValue! }] as const)));
        const references = descendants(path(root, 'VersionOverrides')!).filter((element) => element.attributes.resid !== undefined);
        assert.ok(references.length > 15);
        for (const reference of references) {
          const resource = declared.get(reference.attributes.resid!);
          assert.ok(resource, `resid ${reference.attributes.resid} of <${reference.name}> is not declared in Resources`);
          const expected = reference.name === 'Image' ? 'Images' : ['SourceLocation', 'Runtime', 'FunctionFile', 'LearnMoreUrl'].includes(reference.name) ? 'Urls' : reference.name === 'Description' ? 'LongStrings' : 'ShortStrings';
          assert.equal(resource.group, expected, `resid ${reference.attributes.resid} of <${reference.name}>`);
        }
        assert.equal(declared.get('Functions.Namespace')!.value, 'SCOREBRIDGE');
        const used = new Set(references.map((reference) => reference.attributes.resid));
        assert.deepEqual([...declared.keys()].filter((id) => !used.has(id)), [], 'no resource is left unused');
      });

      it('should name only https URLs of its own origin, under /addin for the add-in files', () => {
        const urls = urlsOf(root);
        assert.ok(urls.length >= 12, urls.join('\n'));
        for (const url of urls) {
          assert.equal(new URL(url).protocol, 'https:', url);
          assert.equal(new URL(url).origin, target.origin, url);
        }
        assert.ok(urls.filter((url) => /\.(js|json|html|png)$/.test(url)).every((url) => url.startsWith(`${target.origin}/addin/`)));
      });
    });

    describe(`JSON, ${target.name}`, () => {
      it("should be valid against the unified manifest's JSON schema shipped in @microsoft/app-manifest (offline)", async () => {
        const manifest = JSON.parse(renderJsonManifest(target)) as TeamsManifest;
        const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Parameters<typeof AppManifestUtils.validateAgainstSchema>[1];
        assert.deepEqual(await AppManifestUtils.validateAgainstSchema(manifest, schema), []);
        const [extension] = (manifest as { extensions: { runtimes: { lifetime: string; code: { page: string; script: string }; customFunctions: { namespace: { id: string }; metadataUrl: string } }[] }[] }).extensions;
        const runtime = extension!.runtimes[0]!;
        assert.deepEqual([runtime.lifetime, runtime.customFunctions.namespace.id], ['long', 'SCOREBRIDGE']);
        assert.deepEqual([runtime.code.page, runtime.code.script, runtime.customFunctions.metadataUrl], [`${target.origin}/addin/taskpane.html`, `${target.origin}/addin/functions.js`, `${target.origin}/addin/functions.json`]);
      });
    });
  }

  it('should read the same add-in from both formats with office-addin-manifest (its offline part)', async () => {
    const xml = await OfficeAddinManifest.readManifestFile(new URL('manifest.dev.xml', MANIFESTS_DIR).pathname);
    const json = await OfficeAddinManifest.readManifestFile(new URL('manifest.dev.json', MANIFESTS_DIR).pathname);
    assert.deepEqual([xml.id, xml.officeAppType, xml.defaultSettings?.sourceLocation], [devTarget().id, 'TaskPaneApp', 'https://localhost:8443/addin/taskpane.html']);
    assert.deepEqual([json.id, json.displayName], [devTarget().id, 'Scorebridge (local)']);
  });

  it('should declare Office single sign-on for an app registration, in both formats, when given one', async () => {
    const clientId = '5f0a3c1e-2b4d-4e6f-8a9b-0c1d2e3f4a5b';
    const target = withSso(prodTarget('https://scorebridge.example.com'), clientId);
    const root = parseXml(renderXmlManifest(target));
    const overrides = path(root, 'VersionOverrides')!;
    assert.equal(overrides.children.at(-1)!.name, 'WebApplicationInfo', 'after Resources, as the schema orders it');
    assert.deepEqual(
      [path(overrides, 'WebApplicationInfo', 'Id')!.text, path(overrides, 'WebApplicationInfo', 'Resource')!.text],
      [clientId, `api://scorebridge.example.com/${clientId}`],
    );
    const manifest = JSON.parse(renderJsonManifest(target)) as TeamsManifest & { webApplicationInfo: { id: string; resource: string } };
    assert.deepEqual(manifest.webApplicationInfo, { id: clientId, resource: `api://scorebridge.example.com/${clientId}` });
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Parameters<typeof AppManifestUtils.validateAgainstSchema>[1];
    assert.deepEqual(await AppManifestUtils.validateAgainstSchema(manifest, schema), []);
    assert.equal(path(parseXml(renderXmlManifest(devTarget())), 'VersionOverrides', 'WebApplicationInfo'), undefined, 'no SSO without an app registration');
    assert.throws(() => withSso(devTarget(), 'not-a-guid'), /a GUID/);
  });

  it('should refuse to render for a deployment that is not served over HTTPS', () => {
    assert.throws(() => prodTarget('http://scorebridge.example.com'), /HTTPS only/);
  });
});
