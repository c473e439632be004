// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import io.drbdpilot.drbd.config.DrbdConfig;
import io.drbdpilot.drbd.config.HostConfig;
import io.drbdpilot.drbd.config.ResourceConfig;
import io.drbdpilot.drbd.config.VolumeConfig;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses {@code drbdadm dump-xml} (whole config, or one {@code <resource>}), 8.4 and 9. DTDs and external entities are
 * refused: this text comes from a remote host.
 */
public final class DumpXmlParser {

    private DumpXmlParser() {
    }

    public static ParseResult<DrbdConfig> parse(String xml) throws ParseException {
        if (xml == null || xml.isBlank()) {
            throw new ParseException(0, "", "empty input: no dump-xml output");
        }
        Document doc = read(xml);
        Element root = doc.getDocumentElement();
        List<ParseWarning> warnings = new ArrayList<>();
        Map<String, Map<String, String>> common = new HashMap<>();
        List<ResourceConfig> resources = new ArrayList<>();
        if (root.getTagName().equals("resource")) {
            resources.add(resource(root, common));
        } else if (root.getTagName().equals("config")) {
            for (Element c : children(root, "common")) {
                sections(c, common);
            }
            for (Element r : children(root, "resource")) {
                resources.add(resource(r, common));
            }
        } else {
            throw new ParseException(1, firstLine(xml), "expected <config> or <resource>, found <" + root.getTagName() + ">");
        }
        return new ParseResult<>(new DrbdConfig(root.getAttribute("file"), resources), warnings);
    }

    private static Document read(String xml) throws ParseException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new InputSource(new StringReader(xml)));
        } catch (SAXParseException e) {
            int line = Math.max(e.getLineNumber(), 0);
            throw new ParseException(line, Lines.lineAt(xml, line), "not valid dump-xml (" + e.getMessage() + ")");
        } catch (SAXException | IOException | ParserConfigurationException | RuntimeException e) {
            throw new ParseException(0, "", "not valid dump-xml (" + e.getMessage() + ")");
        }
    }

    private static ResourceConfig resource(Element r, Map<String, Map<String, String>> common) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        common.forEach((k, v) -> sections.put(k, new LinkedHashMap<>(v)));
        sections(r, sections);
        List<HostConfig> hosts = new ArrayList<>();
        for (Element h : children(r, "host")) {
            hosts.add(host(h));
        }
        Map<String, Map<String, String>> frozen = new LinkedHashMap<>();
        sections.forEach((k, v) -> frozen.put(k, Map.copyOf(v)));
        return new ResourceConfig(r.getAttribute("name"), emptyToNull(r.getAttribute("conf-file-line")), hosts,
                frozen);
    }

    private static HostConfig host(Element h) {
        List<VolumeConfig> volumes = new ArrayList<>();
        for (Element v : children(h, "volume")) {
            Element dev = first(v, "device");
            volumes.add(new VolumeConfig(intOr(v.getAttribute("vnr"), 0),
                    dev == null ? null : ModelAssembler.integer(dev.getAttribute("minor")),
                    dev == null ? null : dev.getTextContent().strip(), text(v, "disk"), SharedTexts.share(text(v, "meta-disk"))));
        }
        if (volumes.isEmpty() && first(h, "device") != null) {
            // 8.3-style host without <volume>: one implicit volume 0.
            Element dev = first(h, "device");
            volumes.add(new VolumeConfig(0, ModelAssembler.integer(dev.getAttribute("minor")),
                    dev.getTextContent().strip(), text(h, "disk"), text(h, "meta-disk")));
        }
        Element addr = first(h, "address");
        Integer nodeId = ModelAssembler.integer(emptyToNull(h.getAttribute("node-id")));
        if (nodeId == null && text(h, "node-id") != null) {
            nodeId = ModelAssembler.integer(text(h, "node-id"));
        }
        for (Element o : children(h, "option")) {
            if (o.getAttribute("name").equals("node-id")) {
                nodeId = ModelAssembler.integer(o.getAttribute("value"));
            }
        }
        return new HostConfig(SharedTexts.share(h.getAttribute("name")), nodeId,
                addr == null ? null : SharedTexts.share(emptyToNull(addr.getAttribute("family"))),
                addr == null ? null : addr.getTextContent().strip(),
                addr == null ? null : ModelAssembler.integer(addr.getAttribute("port")), volumes);
    }

    private static void sections(Element parent, Map<String, Map<String, String>> into) {
        for (Element s : children(parent, "section")) {
            Map<String, String> opts = into.computeIfAbsent(SharedTexts.share(s.getAttribute("name")), k -> new LinkedHashMap<>());
            for (Element o : children(s, "option")) {
                opts.put(SharedTexts.share(o.getAttribute("name")), SharedTexts.share(o.getAttribute("value")));
            }
        }
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element first(Element parent, String tag) {
        List<Element> c = children(parent, tag);
        return c.isEmpty() ? null : c.get(0);
    }

    private static String text(Element parent, String tag) {
        Element e = first(parent, tag);
        return e == null ? null : e.getTextContent().strip();
    }

    private static int intOr(String s, int dflt) {
        Integer i = ModelAssembler.integer(s);
        return i == null ? dflt : i;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String firstLine(String s) {
        return Lines.lineAt(s, 1);
    }

}
