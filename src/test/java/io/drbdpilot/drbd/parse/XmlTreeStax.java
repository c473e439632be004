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
 * The JDK's StAX reader building the same tree as {@link XmlTree} (which it did until XmlTree got a scanner of its
 * own): the oracle of {@code XmlTreeTest}.
 */
final class XmlTreeStax {

    private static final XMLInputFactory FACTORY = factory();

    private XmlTreeStax() {
    }

    /** The root element. */
    static XmlElement read(String xml) throws ParseException {
        XMLStreamReader r = null;
        try {
            r = FACTORY.createXMLStreamReader(new StringReader(xml));
            List<XmlElement> open = new ArrayList<>();
            XmlElement root = null;
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
                        XmlElement e = new XmlElement(r.getLocalName(), attrs);
                        if (open.isEmpty()) {
                            root = e;
                        } else {
                            open.get(open.size() - 1).addChild(e);
                        }
                        open.add(e);
                    }
                    case XMLStreamConstants.END_ELEMENT -> open.remove(open.size() - 1);
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (!open.isEmpty()) {
                            open.get(open.size() - 1).appendText(new String(r.getTextCharacters(), r.getTextStart(),
                                    r.getTextLength()), 0, r.getTextLength());
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
