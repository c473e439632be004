// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.workspace;

import io.drbdpilot.cluster.ClusterSnapshot;
import io.drbdpilot.cluster.NodeView;
import io.drbdpilot.drbd.config.ResourceConfig;
import io.drbdpilot.drbd.health.PromotionCheck;
import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.drbd.model.ConnectionState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;

/** "Can this node be promoted, and if not, why not?" for every node of the selected resource. */
final class PromotionPanel {

    private final VBox cards = new VBox(10);
    private final ScrollPane root = new ScrollPane(cards);
    private List<PromotionCheck.Verdict> last = List.of();

    PromotionPanel() {
        cards.setPadding(new Insets(8));
        cards.setId("promotion-cards");
        root.setFitToWidth(true);
        root.setId("promotion-panel");
    }

    ScrollPane node() {
        return root;
    }

    List<PromotionCheck.Verdict> verdicts() {
        return last;
    }

    /** The verdict of every node that has the resource (stale nodes included, marked). */
    static List<PromotionCheck.Verdict> verdicts(ClusterSnapshot s, String resource) {
        Map<String, NodeView> primaries = new LinkedHashMap<>();
        for (NodeView v : s.nodes()) {
            v.resource(resource).filter(r -> r.role().is(Role.PRIMARY)).ifPresent(r -> primaries.put(v.node(), v));
        }
        List<PromotionCheck.Verdict> out = new ArrayList<>();
        for (NodeView v : s.nodes()) {
            ResourceState r = v.resource(resource).orElse(null);
            if (r == null && (v.config() == null || v.config().resource(resource).isEmpty())) {
                continue;
            }
            boolean two = v.config() != null && v.config().resource(resource)
                    .map(ResourceConfig::allowTwoPrimaries).orElse(false);
            Map<String, Boolean> others = new LinkedHashMap<>();
            primaries.forEach((name, pv) -> {
                if (!name.equals(v.node()) && r != null) {
                    others.put(name, connectedTo(r, pv.drbdHost()));
                }
            });
            PromotionCheck.Verdict verdict = PromotionCheck.check(v.node(), r, two, others);
            if (v.freshness() == NodeView.Freshness.STALE) {
                List<String> reasons = new ArrayList<>(List.of("This node cannot be reached: its last known state is "
                        + "shown, and nothing can be done on it until it is back."));
                reasons.addAll(verdict.reasons());
                verdict = new PromotionCheck.Verdict(v.node(), PromotionCheck.Answer.NO,
                        "No: the node is unreachable.", reasons);
            }
            out.add(verdict);
        }
        return out;
    }

    private static boolean connectedTo(ResourceState r, String peerHost) {
        for (ConnectionState c : r.connections()) {
            boolean match = c.name().equals(peerHost) || r.connections().size() == 1;
            if (match) {
                return c.connection().is(CState.CONNECTED);
            }
        }
        return false;
    }

    void show(ClusterSnapshot s, String resource) {
        List<PromotionCheck.Verdict> vs = s == null || resource == null ? List.of() : verdicts(s, resource);
        if (vs.equals(last)) {
            return;
        }
        last = vs;
        cards.getChildren().clear();
        for (PromotionCheck.Verdict v : vs) {
            Label head = new Label(v.node() + ": " + v.summary());
            boolean primaryNow = v.summary().startsWith("It already");
            head.getStyleClass().addAll("verdict-head", primaryNow ? "verdict-primary"
                    : "verdict-" + v.answer().name().toLowerCase(Locale.ROOT));
            head.setWrapText(true);
            VBox card = new VBox(4, head);
            card.getStyleClass().add("verdict-card");
            card.setId("verdict-" + v.node());
            for (String reason : v.reasons()) {
                Label l = new Label("• " + reason);
                l.setWrapText(true);
                l.maxWidthProperty().bind(root.widthProperty().subtract(40));
                card.getChildren().add(l);
            }
            cards.getChildren().add(card);
        }
        if (vs.isEmpty()) {
            cards.getChildren().add(new Label("Select a resource to see which node could be promoted."));
        }
    }
}
