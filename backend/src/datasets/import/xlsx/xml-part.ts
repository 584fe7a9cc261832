import { SaxesParser } from 'saxes';
import { InvalidDataError } from '../../invalid-data-error.ts';

export type XmlAttributes = Record<string, string>;

/** Element names arrive without their namespace prefix: writers differ in the prefixes they choose. */
export interface XmlHandlers {
  open?: (name: string, attributes: XmlAttributes) => void;
  close?: (name: string) => void;
  text?: (text: string) => void;
}

/**
 * Parses one XML part of the workbook as it is inflated, calling the handlers, and yields after each
 * chunk so that a caller can pass on what the handlers collected before more is read. saxes is a
 * strict, non-validating parser: it expands only XML's predefined entities and character
 * references, so entity-expansion bombs and external entities cannot occur; a DOCTYPE, which no
 * spreadsheet part has, is refused outright.
 */
export async function* parseXmlPart(chunks: AsyncIterable<Buffer>, partName: string, handlers: XmlHandlers): AsyncGenerator<void> {
  const parser = new SaxesParser({ xmlns: false, position: false });
  const { open, close, text } = handlers;
  if (open) parser.on('opentag', (tag) => open(localName(tag.name), tag.attributes));
  if (close) parser.on('closetag', (tag) => close(localName(tag.name)));
  if (text) {
    parser.on('text', text);
    parser.on('cdata', text);
  }
  parser.on('doctype', () => {
    throw new InvalidDataError(`The workbook part ${partName} declares a DOCTYPE, which spreadsheets never do; save the workbook again in Excel`);
  });
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of chunks) {
      parser.write(decoder.decode(chunk, { stream: true }));
      yield;
    }
    parser.write(decoder.decode());
    parser.close();
  } catch (error) {
    if (error instanceof InvalidDataError) throw error;
    throw new InvalidDataError(`The workbook part ${partName} is not well-formed XML (${(error as Error).message}); save the workbook again in Excel`);
  }
  yield;
}

/** Runs a part through the handlers to the end, for the small parts that are read whole. */
export async function readXmlPart(chunks: AsyncIterable<Buffer>, partName: string, handlers: XmlHandlers): Promise<void> {
  for await (const _ of parseXmlPart(chunks, partName, handlers)) {
    // The handlers keep what they need; nothing is handed on chunk by chunk.
  }
}

export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/** An attribute by its local name, whatever namespace prefix the writer gave it. */
export function attributeByLocalName(attributes: XmlAttributes, name: string): string | undefined {
  if (attributes[name] !== undefined) return attributes[name];
  for (const [key, value] of Object.entries(attributes)) {
    if (localName(key) === name) return value;
  }
  return undefined;
}
