// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import java.util.ArrayList;
import java.util.List;

/** One element of an {@link XmlTree}: its tag, attributes (name, value pairs), child elements and its own text. */
final class XmlElement {
    private final String tag;
    private final String[] attributes;
    /** Made at the first child: most elements of a dump are leaves. */
    private List<XmlElement> children = List.of();
    /**
     * Its own text as ranges of the document (start, end pairs), copied only when asked for: most of it is the
     * indentation between children, never read.
     */
    private String source;
    private int[] ranges;
    private int rangeCount;
    /** Its own text once a piece had to be decoded (an entity, a line end, CDATA): then all of it is here. */
    private StringBuilder text;

    XmlElement(String tag, String[] attributes) {
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

    /** The attributes as name, value pairs, in document order. */
    String[] attributePairs() {
        return attributes.clone();
    }

    List<XmlElement> children() {
        return children;
    }

    void addChild(XmlElement child) {
        if (children.isEmpty()) {
            children = new ArrayList<>(4);
        }
        children.add(child);
    }

    /** Adds a piece of this element's own text (the pieces of mixed content are kept in order, joined). */
    void appendText(CharSequence from, int start, int end) {
        ownText().append(from, start, end);
    }

    /** Adds a piece of the document itself as this element's text, without copying it yet. */
    void appendRange(String document, int start, int end) {
        if (text != null) {
            text.append(document, start, end);
            return;
        }
        if (ranges == null) {
            source = document;
            ranges = new int[2];
        } else if (2 * rangeCount == ranges.length) {
            ranges = java.util.Arrays.copyOf(ranges, 2 * ranges.length);
        }
        ranges[2 * rangeCount] = start;
        ranges[2 * rangeCount + 1] = end;
        rangeCount++;
    }

    private StringBuilder ownText() {
        if (text == null) {
            text = new StringBuilder();
            for (int i = 0; i < rangeCount; i++) {
                text.append(source, ranges[2 * i], ranges[2 * i + 1]);
            }
            source = null;
            ranges = null;
            rangeCount = 0;
        }
        return text;
    }

    /** The text of this element and of everything under it, in document order (the DOM's text content). */
    String textContent() {
        if (children.isEmpty()) {
            if (text == null && rangeCount == 1) {
                return source.substring(ranges[0], ranges[1]);
            }
            return text == null && rangeCount == 0 ? "" : ownText().toString();
        }
        StringBuilder sb = new StringBuilder();
        appendText(sb);
        return sb.toString();
    }

    private void appendText(StringBuilder sb) {
        // Mixed content keeps no order between text and children here; dump-xml has none that matters.
        if (text != null || rangeCount > 0) {
            sb.append(ownText());
        }
        for (XmlElement c : children) {
            c.appendText(sb);
        }
    }
}
