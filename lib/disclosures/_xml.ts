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
  /** Attributes as written (namespace declarations included), values not decoded. */
  attributes: Record<string, string>;
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
  ignoreAttributes: false,
  attributeNamePrefix: "",
  allowBooleanAttributes: true,
  parseAttributeValue: false,
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

/** Deepest nesting of elements accepted (a 606(a)(1) report needs 6). */
export const MAX_DEPTH = 64;

/** The deepest nesting of start tags in `text`, and where it first reaches it. */
function deepest(text: string): { depth: number; offset: number } | undefined {
  let depth = 0, max = 0, offset = 0;
  const tag =
    /<(\/?)([A-Za-z_][^\s/>]*)[^>]*?(\/?)>|<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    if (m[2] === undefined) continue;
    if (m[1] === "/") depth--;
    else if (m[3] !== "/") {
      depth++;
      if (depth > max) [max, offset] = [depth, m.index];
    }
  }
  return max > 0 ? { depth: max, offset } : undefined;
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
  const depth = deepest(text);
  if (depth && depth.depth > MAX_DEPTH) {
    fail(
      source,
      lines.lineOf(depth.offset),
      null,
      `elements nested ${depth.depth} deep, more than the limit of ${MAX_DEPTH}`,
    );
  }
  let nodes: Node[];
  try {
    nodes = parser.parse(text) as Node[];
  } catch (e) {
    // Any other limit or failure of the parser becomes a named error too.
    fail(source, null, null, `cannot parse: ${(e as Error).message}`);
  }
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
      attributes: { ...(node[":@"] as Record<string, string> | undefined) },
    };
    for (const child of (node[name] as Node[]) ?? []) {
      if ("#text" in child) element.text += decodeEntities(String(child["#text"]));
      else element.children.push(convert(child));
    }
    return element;
  };
  return convert(roots[0]);
}

/** The encoding an XML declaration names, or null when there is no declaration or no encoding. */
export function declaredEncoding(head: string): string | null {
  const m = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(
    head.replace(/^\ufeff/, ""),
  );
  return m ? m[1] : null;
}

/**
 * Decodes an XML file's bytes by its byte-order mark or, failing that, the
 * encoding its declaration names (UTF-8 when it names none); an encoding the
 * platform does not know is a {@linkcode DisclosureError} naming the file.
 */
export function decodeXml(bytes: Uint8Array, source: string): string {
  let label = "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) label = "utf-16le";
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) label = "utf-16be";
  else {
    const head = new TextDecoder("latin1").decode(bytes.subarray(0, 200));
    label = declaredEncoding(head) ?? "utf-8";
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    fail(source, 1, "encoding", `unknown encoding ${JSON.stringify(label)} in the XML declaration`);
  }
  return decoder.decode(bytes);
}
