// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * A small element tree read in one pass by a scanner of its own: names (without a namespace prefix), attributes,
 * children and text, nothing else. A node's {@code dump-xml} of a thousand resources is a megabyte, and a monitor of
 * 200 nodes reads 200 of them at once: the JDK's StAX reader took about three times the time (and its much larger code
 * kept the JIT busy at the start); a full DOM five times. Only well-formed XML is read (the same trees as StAX, checked
 * by a test against it on every real sample); a DOCTYPE is refused outright and only XML's own five entities and
 * character references are resolved: the text comes from a remote host.
 */
final class XmlTree {

    private XmlTree() {
    }

    /** The root element. */
    static XmlElement read(String xml) throws ParseException {
        return new Scanner(xml).document();
    }

    private static final java.util.regex.Pattern DECLARATION = java.util.regex.Pattern.compile(
            "<\\?xml\\s+version\\s*=\\s*([\"'])1\\.[0-9]+\\1(\\s+encoding\\s*=\\s*([\"'])[A-Za-z][A-Za-z0-9._-]*\\3)?"
                    + "(\\s+standalone\\s*=\\s*([\"'])(yes|no)\\5)?\\s*\\?>");

    private static final String[] NO_ATTRIBUTES = {};
    /** How deep elements may nest: the tree's text is gathered recursively, so the depth bounds the stack. */
    static final int MAX_DEPTH = 64;

    /** One pass over the text; {@code at} is the next character to read. */
    private static final class Scanner {
        private final String s;
        private final int n;
        private int at;
        /**
         * The names met so far, by their hash (open addressing): a dump has a dozen, met a hundred thousand times;
         * each is made once.
         */
        private final String[] names = new String[64];
        private int namesKnown;
        /** The attributes of the tag being read, as name, value pairs. */
        private String[] attributes = new String[8];

        Scanner(String s) {
            this.s = s;
            this.n = s.length();
        }

        XmlElement document() throws ParseException {
            if (s.startsWith("\uFEFF")) {
                at = 1; // a byte-order mark
            }
            XmlElement root = null;
            List<XmlElement> open = new ArrayList<>();
            while (at < n) {
                char c = s.charAt(at);
                if (c != '<') {
                    if (open.isEmpty()) {
                        if (!isSpace(c)) {
                            throw fail(root == null ? "text before the first element" : "text after the last element");
                        }
                        at++;
                    } else {
                        text(open.get(open.size() - 1));
                    }
                } else if (at + 1 < n && s.charAt(at + 1) != '!' && s.charAt(at + 1) != '?'
                        && s.charAt(at + 1) != '/') {
                    if (open.isEmpty() && root != null) {
                        throw fail("a second root element");
                    }
                    at++;
                    XmlElement e = startTag();
                    if (open.isEmpty()) {
                        root = e;
                    } else {
                        open.get(open.size() - 1).addChild(e);
                    }
                    if (s.charAt(at) == '/') {
                        at++;
                        expect('>');
                    } else {
                        expect('>');
                        if (open.size() == MAX_DEPTH) { // dump-xml nests six deep; a hostile text must not nest a million
                            throw fail("elements nested more than " + MAX_DEPTH + " deep");
                        }
                        open.add(e);
                    }
                } else if (s.startsWith("<!--", at)) {
                    int end = s.indexOf("--", at + 4);
                    if (end < 0 || !s.startsWith("-->", end)) {
                        throw fail(end < 0 ? "a comment that does not end" : "'--' inside a comment");
                    }
                    at = end + 3;
                } else if (s.startsWith("<?", at)) {
                    processingInstruction();
                } else if (s.startsWith("<![CDATA[", at)) {
                    if (open.isEmpty()) {
                        throw fail("character data outside the root element");
                    }
                    int end = s.indexOf("]]>", at + 9);
                    if (end < 0) {
                        throw fail("a CDATA section that does not end");
                    }
                    open.get(open.size() - 1).appendText(s, at + 9, end);
                    at = end + 3;
                } else if (s.startsWith("<!DOCTYPE", at)) {
                    throw fail("a DOCTYPE is refused: dump-xml has none");
                } else if (s.startsWith("</", at)) {
                    at += 2;
                    String name = name();
                    skipSpaces();
                    expect('>');
                    if (open.isEmpty() || !open.get(open.size() - 1).tag().equals(name)) {
                        throw fail("the end tag </" + name + "> closes "
                                + (open.isEmpty() ? "nothing" : "<" + open.get(open.size() - 1).tag() + ">"));
                    }
                    open.remove(open.size() - 1);
                } else {
                    at++;
                    throw fail("'<' that starts nothing XML knows");
                }
            }
            if (!open.isEmpty()) {
                throw fail("the input ends inside <" + open.get(open.size() - 1).tag() + ">");
            }
            if (root == null) {
                throw new ParseException(0, "", "not valid dump-xml (no element)");
            }
            return root;
        }

        /** A start tag's name and attributes, {@code at} just after its '<'; leaves {@code at} on '>' or "/>". */
        private XmlElement startTag() throws ParseException {
            String tag = name();
            int count = 0;
            while (true) {
                boolean spaced = skipSpaces();
                if (at >= n) {
                    throw fail("the input ends inside the tag <" + tag + ">");
                }
                char c = s.charAt(at);
                if (c == '>' || c == '/') {
                    break;
                }
                if (!spaced) {
                    throw fail("no space before an attribute of <" + tag + ">");
                }
                String attr = name();
                skipSpaces();
                expect('=');
                skipSpaces();
                String value = attributeValue();
                for (int i = 0; i < count; i += 2) {
                    if (attributes[i].equals(attr)) {
                        throw fail("the attribute " + attr + " twice in <" + tag + ">");
                    }
                }
                if (count == attributes.length) {
                    attributes = java.util.Arrays.copyOf(attributes, 2 * count);
                }
                attributes[count++] = attr;
                attributes[count++] = value;
            }
            return new XmlElement(tag, count == 0 ? NO_ATTRIBUTES : java.util.Arrays.copyOf(attributes, count));
        }

        /** A tag's or attribute's name (dump-xml uses no namespaces: a prefix is refused). */
        private String name() throws ParseException {
            int start = at;
            int hash = 0;
            char c;
            while (at < n && isNameChar(c = s.charAt(at))) {
                hash = 31 * hash + c;
                at++;
            }
            if (at == start || Character.isDigit(s.charAt(start)) || s.charAt(start) == '-' || s.charAt(start) == '.') {
                throw fail("a name was expected");
            }
            int length = at - start;
            int slot = (hash ^ hash >>> 7) & (names.length - 1);
            for (int probe = 0; probe < names.length; probe++, slot = (slot + 1) & (names.length - 1)) {
                String known = names[slot];
                if (known == null) {
                    if (namesKnown < names.length / 2) { // a dump has a dozen names; a table never fills
                        names[slot] = SharedTexts.share(s.substring(start, at));
                        namesKnown++;
                        return names[slot];
                    }
                    break;
                }
                if (known.length() == length && sameChars(known, start, length)) {
                    return known;
                }
            }
            return SharedTexts.share(s.substring(start, at));
        }

        private boolean sameChars(String known, int from, int length) {
            for (int i = 0; i < length; i++) {
                if (known.charAt(i) != s.charAt(from + i)) {
                    return false;
                }
            }
            return true;
        }

        /** A quoted value; entities resolved, and tabs and line ends made spaces (XML's attribute normalization). */
        private String attributeValue() throws ParseException {
            if (at >= n || (s.charAt(at) != '"' && s.charAt(at) != '\'')) {
                throw fail("an attribute value in quotes was expected");
            }
            char quote = s.charAt(at++);
            int start = at;
            StringBuilder b = null;
            while (true) {
                if (at >= n) {
                    throw fail("an attribute value that does not end");
                }
                char c = s.charAt(at);
                if (c == quote) {
                    break;
                }
                if (c == '<') {
                    throw fail("'<' inside an attribute value");
                }
                if (c == '&' || c == '\t' || c == '\n' || c == '\r') {
                    if (b == null) {
                        b = new StringBuilder().append(s, start, at);
                    }
                    if (c == '&') {
                        reference(b);
                        continue;
                    }
                    if (c == '\r' && at + 1 < n && s.charAt(at + 1) == '\n') {
                        at++; // one line end, one space
                    }
                    b.append(' ');
                } else if (b != null) {
                    b.append(c);
                }
                at++;
            }
            String value = b == null ? s.substring(start, at) : b.toString();
            at++;
            return value;
        }

        /**
         * Text up to the next '<', appended to the element's own text (line ends made "\n", entities resolved). A
         * "]]>" is not allowed in text.
         */
        private void text(XmlElement e) throws ParseException {
            int start = at;
            int end = at;
            boolean plain = true;
            while (end < n) {
                char c = s.charAt(end);
                if (c == '<') {
                    break;
                }
                if (c == '&' || c == '\r') {
                    plain = false;
                } else if (c == '>' && end - start >= 2 && s.charAt(end - 1) == ']' && s.charAt(end - 2) == ']') {
                    at = end;
                    throw fail("']]>' in text");
                }
                end++;
            }
            if (plain) {
                e.appendRange(s, start, end);
                at = end;
                return;
            }
            StringBuilder b = new StringBuilder(end - start);
            while (at < end) {
                char c = s.charAt(at);
                if (c == '&') {
                    reference(b);
                    continue;
                }
                if (c == '\r') {
                    b.append('\n');
                    if (at + 1 < end && s.charAt(at + 1) == '\n') {
                        at++;
                    }
                } else {
                    b.append(c);
                }
                at++;
            }
            e.appendText(b, 0, b.length());
        }

        /** An entity or character reference at {@code at}, resolved into b; {@code at} moves past its ';'. */
        private void reference(StringBuilder b) throws ParseException {
            int semi = at + 1;
            while (semi < n && semi - at <= 12 && s.charAt(semi) != ';') {
                semi++;
            }
            if (semi >= n || s.charAt(semi) != ';') {
                throw fail("a '&' that starts no reference");
            }
            String ref = s.substring(at + 1, semi);
            switch (ref) {
                case "lt" -> b.append('<');
                case "gt" -> b.append('>');
                case "amp" -> b.append('&');
                case "quot" -> b.append('"');
                case "apos" -> b.append('\'');
                default -> {
                    if (!ref.startsWith("#")) {
                        throw fail("an entity reference is refused: dump-xml has none");
                    }
                    int code;
                    try {
                        code = ref.startsWith("#x") ? Integer.parseInt(ref.substring(2), 16)
                                : Integer.parseInt(ref.substring(1));
                    } catch (NumberFormatException e) {
                        throw fail("a character reference that is no number");
                    }
                    if (!isXmlChar(code)) {
                        throw fail("a character reference to a character XML does not allow");
                    }
                    b.appendCodePoint(code);
                }
            }
            at = semi + 1;
        }

        /** {@code <?target ...?>}: the XML declaration only first, and well-formed; any other is skipped. */
        private void processingInstruction() throws ParseException {
            int start = at;
            at += 2;
            String target = name();
            int end = s.indexOf("?>", at);
            if (end < 0) {
                throw fail("a processing instruction that does not end");
            }
            if (target.equalsIgnoreCase("xml")) {
                if (start != (s.startsWith("\uFEFF") ? 1 : 0)
                        || !DECLARATION.matcher(s).region(start, end + 2).matches()) {
                    throw fail("an XML declaration that is not the first thing or not well-formed");
                }
            } else if (end > at && !isSpace(s.charAt(at))) {
                throw fail("a processing instruction's target and text not apart");
            }
            at = end + 2;
        }

        private boolean skipSpaces() {
            int start = at;
            while (at < n && isSpace(s.charAt(at))) {
                at++;
            }
            return at > start;
        }

        private void expect(char c) throws ParseException {
            if (at >= n || s.charAt(at) != c) {
                throw fail("'" + c + "' was expected");
            }
            at++;
        }

        private ParseException fail(String what) {
            int line = 1;
            for (int i = 0; i < Math.min(at, n); i++) {
                if (s.charAt(i) == '\n') {
                    line++;
                }
            }
            return new ParseException(line, Lines.lineAt(s, line), "not valid dump-xml (" + what + ")");
        }

        private static boolean isSpace(char c) {
            return c == ' ' || c == '\n' || c == '\t' || c == '\r';
        }

        private static boolean isNameChar(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c > 0x7f && Character.isLetterOrDigit(c);
        }

        private static boolean isXmlChar(int c) {
            return c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
                    || c >= 0x10000 && c <= 0x10FFFF;
        }
    }
}
