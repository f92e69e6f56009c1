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
    for (const data of children(eventData)) {
      if (data.element.name !== "Data") continue;
      const attribute = data.element.attributes.find((candidate) => candidate.name === "Name");
      const name = attribute && partsText(attribute.value, data.values);
      const parts = data.element.children;
      const only = parts.length === 1 ? parts[0] : undefined;
      if (typeof only === "object" && only.kind === "sub" && name === undefined) {
        for (const value of data.values.strings(only.index)) items.push({ value });
        continue;
      }
      items.push(name === undefined ? { value: textOf(data) } : { name, value: textOf(data) });
    }
    return items;
  }
}

/**
 * The child elements of an element, in order; an embedded BinXML value among them (the EventData of
 * a manifest event, usually) contributes its own elements, bound to its own values.
 */
function* children(parent: Bound): Generator<Bound> {
  yield* elementsOf(parent.element.children, parent.values, 0);
}

function* elementsOf(nodes: XNode[], values: TemplateValues, depth: number): Generator<Bound> {
  for (const node of nodes) {
    if (typeof node !== "object") continue;
    if (node.kind === "element") yield { element: node, values };
    else if (depth < 8 && values.type(node.index) === BINXML_TYPE) {
      const embedded = values.embedded(node.index);
      if (embedded) yield* elementsOf(embedded.nodes, embedded.values, depth + 1);
    }
  }
}

function firstChild(parent: Bound, name: string): Bound | undefined {
  for (const child of children(parent)) if (child.element.name === name) return child;
  return undefined;
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
