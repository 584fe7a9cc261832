import { SaxesParser, type SaxesTagNS } from 'saxes';

/**
 * A manifest's XML as a small element tree, parsed by saxes in namespace mode: it rejects anything
 * that is not well-formed (unclosed tags, bad entities, undeclared prefixes) with line and column.
 */

export interface XmlElement {
  /** Local name, such as `OfficeApp` or `Image` (for bt:Image). */
  name: string;
  namespace: string;
  attributes: Record<string, string>;
  /** `xsi:type`, the attribute Office manifests branch on. */
  type: string | undefined;
  children: XmlElement[];
  text: string;
}

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const errors: string[] = [];
  parser.on('error', (error) => errors.push(error.message));
  parser.on('opentag', (tag: SaxesTagNS) => {
    const attributes: Record<string, string> = {};
    let type: string | undefined;
    for (const attribute of Object.values(tag.attributes)) {
      if (attribute.uri === XSI && attribute.local === 'type') type = attribute.value;
      else if (attribute.prefix !== 'xmlns' && attribute.name !== 'xmlns') attributes[attribute.local] = attribute.value;
    }
    const element: XmlElement = { name: tag.local, namespace: tag.uri, attributes, type, children: [], text: '' };
    stack.at(-1)?.children.push(element);
    root ??= element;
    stack.push(element);
  });
  parser.on('text', (text) => {
    const current = stack.at(-1);
    if (current) current.text += text;
  });
  parser.on('closetag', () => {
    const element = stack.pop()!;
    element.text = element.text.trim();
  });
  parser.write(xml).close();
  if (errors.length > 0) throw new Error(`The XML is not well-formed: ${errors.join('; ')}`);
  if (!root) throw new Error('The XML has no root element');
  return root;
}

/** Every element below `element` (itself included), depth first. */
export function descendants(element: XmlElement): XmlElement[] {
  return [element, ...element.children.flatMap(descendants)];
}

/** The child reached by following local names: path(root, 'VersionOverrides', 'Resources'). */
export function path(element: XmlElement, ...names: string[]): XmlElement | undefined {
  let current: XmlElement | undefined = element;
  for (const name of names) current = current?.children.find((child) => child.name === name);
  return current;
}
