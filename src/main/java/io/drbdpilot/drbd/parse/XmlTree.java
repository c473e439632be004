// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A small element tree read in one streaming pass (StAX): names, attributes, children and text, nothing else. A
 * node's {@code dump-xml} of a thousand resources is a megabyte; a full DOM of it cost about five times the time and
 * many times the memory. DTDs are refused outright and entities are never resolved: the text comes from a remote
 * host.
 */
final class XmlTree {

    private static final XMLInputFactory FACTORY = factory();

    /** One element: its tag, attributes (name, value pairs), child elements and its own text. */
    static final class Element {
        private final String tag;
        private final String[] attributes;
        private final List<Element> children = new ArrayList<>(2);
        private StringBuilder text;

        Element(String tag, String[] attributes) {
            this.tag = tag;
            this.attributes = attributes;
        }

        String tag() {
            return tag;
        }

        /** The attribute's value, or "" when it is absent (as the DOM says). */
        String attribute(String name) {
            for (int i = 0; i < attributes.length; i += 2) {
                if (attributes[i].equals(name)) {
                    return attributes[i + 1];
                }
            }
            return "";
        }

        List<Element> children() {
            return children;
        }

        /** The text of this element and of everything under it, in document order (the DOM's text content). */
        String textContent() {
            if (children.isEmpty()) {
                return text == null ? "" : text.toString();
            }
            StringBuilder sb = new StringBuilder();
            appendText(sb);
            return sb.toString();
        }

        private void appendText(StringBuilder sb) {
            // Mixed content keeps no order between text and children here; dump-xml has none that matters.
            if (text != null) {
                sb.append(text);
            }
            for (Element c : children) {
                c.appendText(sb);
            }
        }
    }

    private XmlTree() {
    }

    /** The root element. */
    static Element read(String xml) throws ParseException {
        XMLStreamReader r = null;
        try {
            r = FACTORY.createXMLStreamReader(new StringReader(xml));
            List<Element> open = new ArrayList<>();
            Element root = null;
            while (r.hasNext()) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.DTD -> throw new ParseException(r.getLocation().getLineNumber(),
                            Lines.lineAt(xml, r.getLocation().getLineNumber()),
                            "not valid dump-xml (a DOCTYPE is refused: dump-xml has none)");
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw new ParseException(
                            r.getLocation().getLineNumber(), Lines.lineAt(xml, r.getLocation().getLineNumber()),
                            "not valid dump-xml (an entity reference is refused: dump-xml has none)");
                    case XMLStreamConstants.START_ELEMENT -> {
                        String[] attrs = new String[2 * r.getAttributeCount()];
                        for (int i = 0; i < r.getAttributeCount(); i++) {
                            attrs[2 * i] = r.getAttributeLocalName(i);
                            attrs[2 * i + 1] = r.getAttributeValue(i);
                        }
                        Element e = new Element(r.getLocalName(), attrs);
                        if (open.isEmpty()) {
                            root = e;
                        } else {
                            open.get(open.size() - 1).children.add(e);
                        }
                        open.add(e);
                    }
                    case XMLStreamConstants.END_ELEMENT -> open.remove(open.size() - 1);
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (!open.isEmpty()) {
                            Element e = open.get(open.size() - 1);
                            if (e.text == null) {
                                e.text = new StringBuilder();
                            }
                            e.text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                        }
                    }
                    default -> { } // comments, processing instructions
                }
            }
            if (root == null) {
                throw new ParseException(0, "", "not valid dump-xml (no element)");
            }
            return root;
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? 0 : Math.max(e.getLocation().getLineNumber(), 0);
            throw new ParseException(line, Lines.lineAt(xml, line), "not valid dump-xml (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            throw new ParseException(0, "", "not valid dump-xml (" + e.getMessage() + ")");
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException e) {
                    // nothing held
                }
            }
        }
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        return f;
    }
}
