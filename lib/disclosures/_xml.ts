// Private XML helpers: a safe parse into a small element tree with line
// numbers, and escaping for the writers. Safety: the input's size is
// limited, a document type declaration (the only way to declare entities,
// external or not) is refused, so no entity is ever expanded or fetched, and
// only the five predefined entities and character references are decoded.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { checkTextSize, DEFAULT_MAX_BYTES, DisclosureError } from "./errors.ts";
import { LineIndex } from "./_text.ts";

/** An element: its name, the line of its start tag, its text and its child elements. */
export interface XmlElement {
  /** Element name. */
  name: string;
  /** Line of the start tag (1-based). */
  line: number;
  /** Text content, entities decoded (not trimmed). */
  text: string;
  /** Child elements, in document order. */
  children: XmlElement[];
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decodes the predefined entities and character references, in one pass. */
export function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (whole, name: string) => {
    if (name[0] !== "#") return ENTITIES[name];
    const code = name[1] === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Escapes text for an element's content. */
export function escapeXml(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll("\r", "&#xD;");
}

const parser = new XMLParser({
  preserveOrder: true,
  captureMetaData: true,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  processEntities: false,
  htmlEntities: false,
  trimValues: false,
});
const META = XMLParser.getMetaDataSymbol() as unknown as string;

type Node = Record<string, unknown>;

function fail(source: string, line: number | null, field: string | null, message: string): never {
  throw new DisclosureError([{ source, line, field, message }]);
}

/**
 * Parses an XML document into its root element. Throws a
 * {@linkcode DisclosureError} naming the file and line when the text is not
 * well-formed XML, is truncated, has several root elements, declares a
 * document type, or is larger than `maxBytes`.
 */
export function parseXml(text: string, source: string, maxBytes = DEFAULT_MAX_BYTES): XmlElement {
  checkTextSize(text, source, maxBytes);
  if (text.charCodeAt(0) === 0xfeff) text = " " + text.slice(1); // keep offsets
  const lines = new LineIndex(text);
  if (text.trim() === "") fail(source, 1, null, "not an XML document: the file is empty");
  const doctype = text.search(/<!DOCTYPE/i);
  if (doctype >= 0) {
    fail(
      source,
      lines.lineOf(doctype),
      null,
      "document type declarations are refused (no entity is expanded or fetched)",
    );
  }
  const check = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (check !== true) {
    const { msg, line } = check.err;
    const open = /^Invalid '\[(.*)\]' found\.$/s.exec(msg);
    if (open) {
      const names = [...open[1].matchAll(/"([^"]+)"/g)].map((m) => `<${m[1]}>`);
      fail(
        source,
        lines.lines,
        names[names.length - 1] ?? null,
        `truncated: the file ends before ${names.reverse().join(", ")} ` +
          `${names.length > 1 ? "are" : "is"} closed`,
      );
    }
    const what = /^(char|Start tag)/.test(msg) && line === 1 ? "not an XML document: " : "";
    fail(source, line ?? null, null, `${what}${msg}`);
  }
  const nodes = parser.parse(text) as Node[];
  const roots = nodes.filter((n) => Object.keys(n).some((k) => k !== "#text"));
  if (roots.length !== 1) {
    fail(source, null, null, `expected one root element, found ${roots.length}`);
  }
  const convert = (node: Node): XmlElement => {
    const name = Object.keys(node).find((k) => k !== ":@")!;
    const meta = node[META] as { startIndex?: number } | undefined;
    const element: XmlElement = {
      name,
      line: lines.lineOf(meta?.startIndex ?? 0),
      text: "",
      children: [],
    };
    for (const child of (node[name] as Node[]) ?? []) {
      if ("#text" in child) element.text += decodeEntities(String(child["#text"]));
      else element.children.push(convert(child));
    }
    return element;
  };
  return convert(roots[0]);
}
