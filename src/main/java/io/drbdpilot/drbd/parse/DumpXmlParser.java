// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import io.drbdpilot.drbd.config.DrbdConfig;
import io.drbdpilot.drbd.config.HostConfig;
import io.drbdpilot.drbd.config.ResourceConfig;
import io.drbdpilot.drbd.config.VolumeConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code drbdadm dump-xml} (whole config, or one {@code <resource>}), 8.4 and 9. DTDs and external entities are
 * refused: this text comes from a remote host. It is read in one streaming pass into a small tree ({@link XmlTree}).
 */
public final class DumpXmlParser {

    private DumpXmlParser() {
    }

    public static ParseResult<DrbdConfig> parse(String xml) throws ParseException {
        if (xml == null || xml.isBlank()) {
            throw new ParseException(0, "", "empty input: no dump-xml output");
        }
        XmlElement root = XmlTree.read(xml);
        Shared shared = new Shared();
        List<ParseWarning> warnings = new ArrayList<>();
        Map<String, Map<String, String>> common = new HashMap<>();
        List<ResourceConfig> resources = new ArrayList<>();
        if (root.tag().equals("resource")) {
            resources.add(resource(root, common, shared));
        } else if (root.tag().equals("config")) {
            for (XmlElement c : children(root, "common")) {
                sections(c, common);
            }
            for (XmlElement r : children(root, "resource")) {
                resources.add(resource(r, common, shared));
            }
        } else {
            throw new ParseException(1, firstLine(xml), "expected <config> or <resource>, found <" + root.tag() + ">");
        }
        return new ParseResult<>(new DrbdConfig(root.attribute("file"), resources), warnings);
    }

    /**
     * One instance of each equal value within one dump: both hosts of a resource name the same device, disk and
     * minor, and most resources carry the same option sections and the same addresses. A node's configuration of a
     * thousand resources then holds them once (with the cluster's pool of configurations, once per cluster).
     */
    private static final class Shared {
        private final Map<Object, Object> known = new HashMap<>();

        @SuppressWarnings("unchecked")
        <T> T of(T value) {
            return value == null ? null : (T) known.computeIfAbsent(value, v -> v);
        }
    }

    private static ResourceConfig resource(XmlElement r, Map<String, Map<String, String>> common, Shared shared) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        common.forEach((k, v) -> sections.put(k, new LinkedHashMap<>(v)));
        sections(r, sections);
        List<HostConfig> hosts = new ArrayList<>();
        for (XmlElement h : children(r, "host")) {
            hosts.add(host(h, shared));
        }
        Map<String, Map<String, String>> frozen = new LinkedHashMap<>();
        sections.forEach((k, v) -> frozen.put(k, shared.of(Map.copyOf(v))));
        return new ResourceConfig(r.attribute("name"), emptyToNull(r.attribute("conf-file-line")), hosts,
                shared.of(Map.copyOf(frozen)));
    }

    private static HostConfig host(XmlElement h, Shared shared) {
        List<VolumeConfig> volumes = new ArrayList<>();
        for (XmlElement v : children(h, "volume")) {
            XmlElement dev = first(v, "device");
            volumes.add(new VolumeConfig(intOr(v.attribute("vnr"), 0),
                    dev == null ? null : shared.of(ModelAssembler.integer(dev.attribute("minor"))),
                    dev == null ? null : shared.of(dev.textContent().strip()), shared.of(text(v, "disk")),
                    shared.of(text(v, "meta-disk"))));
        }
        if (volumes.isEmpty() && first(h, "device") != null) {
            // 8.3-style host without <volume>: one implicit volume 0.
            XmlElement dev = first(h, "device");
            volumes.add(new VolumeConfig(0, ModelAssembler.integer(dev.attribute("minor")),
                    dev.textContent().strip(), text(h, "disk"), text(h, "meta-disk")));
        }
        XmlElement addr = first(h, "address");
        Integer nodeId = ModelAssembler.integer(emptyToNull(h.attribute("node-id")));
        if (nodeId == null && text(h, "node-id") != null) {
            nodeId = ModelAssembler.integer(text(h, "node-id"));
        }
        for (XmlElement o : children(h, "option")) {
            if (o.attribute("name").equals("node-id")) {
                nodeId = ModelAssembler.integer(o.attribute("value"));
            }
        }
        return new HostConfig(SharedTexts.share(h.attribute("name")), nodeId,
                addr == null ? null : SharedTexts.share(emptyToNull(addr.attribute("family"))),
                addr == null ? null : shared.of(addr.textContent().strip()),
                addr == null ? null : shared.of(ModelAssembler.integer(addr.attribute("port"))), volumes);
    }

    private static void sections(XmlElement parent, Map<String, Map<String, String>> into) {
        for (XmlElement s : children(parent, "section")) {
            Map<String, String> opts = into.computeIfAbsent(SharedTexts.share(s.attribute("name")), k -> new LinkedHashMap<>());
            for (XmlElement o : children(s, "option")) {
                opts.put(SharedTexts.share(o.attribute("name")), SharedTexts.share(o.attribute("value")));
            }
        }
    }

    private static List<XmlElement> children(XmlElement parent, String tag) {
        List<XmlElement> out = new ArrayList<>();
        for (XmlElement e : parent.children()) {
            if (e.tag().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    private static XmlElement first(XmlElement parent, String tag) {
        for (XmlElement e : parent.children()) {
            if (e.tag().equals(tag)) {
                return e;
            }
        }
        return null;
    }

    private static String text(XmlElement parent, String tag) {
        XmlElement e = first(parent, tag);
        return e == null ? null : e.textContent().strip();
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
