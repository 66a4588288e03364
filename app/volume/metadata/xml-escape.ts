/** Escaping text for XML attribute values and element content (OME-XML is the one XML we write). */

const ENTITY: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * The five predefined entities: safe inside double- or single-quoted attributes and in text.
 * @example escapeXml('a < b & "c"') // 'a &lt; b &amp; &quot;c&quot;'
 */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (character) => ENTITY[character]);
}
