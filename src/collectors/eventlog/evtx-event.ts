/**
 * One .evtx record read straight from its BinXML: the System fields and the EventData values the
 * collectors use, each decoded only when asked for (ADR 0023). Gives the text Event Viewer's XML
 * export shows for the same field, so the .evtx and XML readings agree without rendering XML.
 */
import { BINXML_TYPE, type XElement, type XNode, type XPart } from "./evtx-binxml.js";
import type { TemplateValues } from "./evtx-values.js";

/** One `<Data>` of EventData: its Name attribute (manifest events) and its text. */
export interface EvtxDataItem {
  name?: string;
  value: string;
}

/** An element with the value array its substitutions refer to. */
interface Bound {
  element: XElement;
  values: TemplateValues;
}

export class EvtxEvent {
  private systemElement: Bound | null | undefined;

  /** `nodes` are the template's top-level nodes; the event is the `<Event>` element among them. */
  constructor(
    private readonly nodes: XNode[],
    private readonly values: TemplateValues,
  ) {}

  /** The `<Event>` element, when the record has one. */
  private event(): Bound | undefined {
    for (const node of this.nodes) {
      if (typeof node === "object" && node.kind === "element")
        return node.name === "Event" ? { element: node, values: this.values } : undefined;
    }
    return undefined;
  }

  /** The System element (found once). */
  private system(): Bound | undefined {
    if (this.systemElement === undefined) {
      const event = this.event();
      this.systemElement = (event && firstChild(event, "System")) ?? null;
    }
    return this.systemElement ?? undefined;
  }

  get hasSystem(): boolean {
    return this.system() !== undefined;
  }

  /** Text of a System child (`EventID`, `Level`, `Computer` …); undefined when it is absent. */
  systemText(name: string): string | undefined {
    const system = this.system();
    const element = system && firstChild(system, name);
    return element && textOf(element);
  }

  /** An attribute of a System child (`Provider@Name`, `TimeCreated@SystemTime` …). */
  systemAttribute(name: string, attribute: string): string | undefined {
    const system = this.system();
    const element = system && firstChild(system, name);
    if (!element) return undefined;
    const found = element.element.attributes.find((candidate) => candidate.name === attribute);
    return found && partsText(found.value, element.values);
  }

  /**
   * The `<Data>` elements of EventData, in order. A classic event's string array becomes one item
   * per string, as Event Viewer writes it.
   */
  data(): EvtxDataItem[] {
    const event = this.event();
    const eventData = event && firstChild(event, "EventData");
    if (!eventData) return [];
    const items: EvtxDataItem[] = [];
    eachChild(eventData, (data) => {
      if (data.element.name !== "Data") return false;
      const attribute = data.element.attributes.find((candidate) => candidate.name === "Name");
      const name = attribute && partsText(attribute.value, data.values);
      const parts = data.element.children;
      const only = parts.length === 1 ? parts[0] : undefined;
      if (typeof only === "object" && only.kind === "sub" && name === undefined) {
        for (const value of data.values.strings(only.index)) items.push({ value });
      } else {
        items.push(name === undefined ? { value: textOf(data) } : { name, value: textOf(data) });
      }
      return false;
    });
    return items;
  }
}

/**
 * Visits the child elements of an element, in order, until `visit` returns true; an embedded BinXML
 * value among them (the EventData of a manifest event, usually) contributes its own elements, bound
 * to its own values. A plain loop, not a generator: this runs for every field of every record.
 */
function eachChild(parent: Bound, visit: (child: Bound) => boolean): boolean {
  return eachElement(parent.element.children, parent.values, visit, 0);
}

function eachElement(
  nodes: XNode[],
  values: TemplateValues,
  visit: (child: Bound) => boolean,
  depth: number,
): boolean {
  for (const node of nodes) {
    if (typeof node !== "object") continue;
    if (node.kind === "element") {
      if (visit({ element: node, values })) return true;
    } else if (depth < 8 && values.type(node.index) === BINXML_TYPE) {
      const embedded = values.embedded(node.index);
      if (embedded && eachElement(embedded.nodes, embedded.values, visit, depth + 1)) return true;
    }
  }
  return false;
}

function firstChild(parent: Bound, name: string): Bound | undefined {
  // the common case, without closures: a plain element among the parent's own children
  for (const node of parent.element.children) {
    if (typeof node !== "object") continue;
    if (node.kind === "sub") {
      if (parent.values.type(node.index) === BINXML_TYPE) break; // may hold it: visit in order below
    } else if (node.name === name) return { element: node, values: parent.values };
  }
  let found: Bound | undefined;
  eachChild(parent, (child) => {
    if (child.element.name !== name) return false;
    found = child;
    return true;
  });
  return found;
}

/** The element's own text: its literal and substituted parts, child elements left out. */
function textOf(bound: Bound): string {
  return partsText(bound.element.children, bound.values);
}

function partsText(parts: readonly (XNode | XPart)[], values: TemplateValues): string {
  let text = "";
  for (const part of parts) {
    if (typeof part === "string") text += part;
    else if (part.kind === "sub" && values.type(part.index) !== BINXML_TYPE) text += values.text(part.index);
  }
  return text;
}
