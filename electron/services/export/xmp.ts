function x(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

export interface XmpFields {
  readonly caption: string;
  readonly credit: string;
  readonly creator: string;
  readonly copyright: string;
  readonly alt: string;
  readonly language: string;
}

const alt = (tag: string, value: string) =>
  value ? `<${tag}><rdf:Alt><rdf:li xml:lang="x-default">${x(value)}</rdf:li></rdf:Alt></${tag}>` : '';

/**
 * An XMP packet with what Pressdesk knows about the picture: description
 * (caption), credit line, creator, copyright notice and alt text, UTF-8.
 */
export function xmpPacket(fields: XmpFields): string {
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/">',
    alt('dc:description', fields.caption),
    fields.creator ? `<dc:creator><rdf:Seq><rdf:li>${x(fields.creator)}</rdf:li></rdf:Seq></dc:creator>` : '',
    alt('dc:rights', fields.copyright),
    fields.credit ? `<photoshop:Credit>${x(fields.credit)}</photoshop:Credit>` : '',
    alt('Iptc4xmpCore:AltTextAccessibility', fields.alt),
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ]
    .filter(Boolean)
    .join('\n');
}
