// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The navigator's filter: a name holds the text, case ignored, wherever it stands; the map's scope of one cluster. */
class NavFilterTest {

    @Test
    void aNameHoldsTheTextAnywhereCaseIgnored() {
        NavFilter f = NavFilter.of("  Db1 ", false, null, "c");
        assertThat(f.text()).isEqualTo("Db1");
        assertThat(f.named("db1")).isTrue();
        assertThat(f.named("prod-DB12")).isTrue();
        assertThat(f.named("xdb1")).isTrue();
        assertThat(f.named("db")).isFalse();
        assertThat(f.named("d-b1")).isFalse();
        assertThat(f.named("bd1db")).isFalse();
        assertThat(NavFilter.of("", false, null, "c").named("anything")).isTrue();
        assertThat(NavFilter.of(null, false, null, "c").narrows()).isFalse();
        assertThat(NavFilter.of("1", false, null, "c").named("r0")).isFalse();
        assertThat(NavFilter.of("1", false, null, "c").named("r01")).isTrue();
    }

    @Test
    void aLongerTextThatHoldsTheShorterOneNarrowsItsMatches() {
        NavFilter r1 = NavFilter.of("r1", false, null, "c");
        assertThat(r1.narrowedBy("r12")).isTrue();
        assertThat(r1.narrowedBy("R12")).isTrue();
        assertThat(r1.narrowedBy("xr1")).isTrue();
        assertThat(r1.narrowedBy("r")).isFalse();
        assertThat(r1.narrowedBy("r21")).isFalse();
        // and the narrowed matches are the same as a fresh look (what the navigator relies on)
        java.util.List<String> names = java.util.stream.IntStream.range(0, 3000).mapToObj(i -> "R" + i).toList();
        java.util.List<String> wide = names.stream().filter(r1::named).toList();
        NavFilter r12 = NavFilter.of("r12", false, null, "c");
        assertThat(wide.stream().filter(r12::named).toList()).isEqualTo(names.stream().filter(r12::named).toList())
                .contains("R12", "R120", "R1299").doesNotContain("R13");
    }

    @Test
    void theMapsScopeCountsOnlyForItsOwnCluster() {
        WorkspaceViewModel.Scope scope = new WorkspaceViewModel.Scope("a", Set.of("n1"), null, "n1");
        assertThat(NavFilter.of("", false, scope, "a").scope()).isSameAs(scope);
        assertThat(NavFilter.of("", false, scope, "a").narrows()).isTrue();
        assertThat(NavFilter.of("", false, scope, "b").scope()).isNull();
        assertThat(NavFilter.of("", false, scope, "b").narrows()).isFalse();
        assertThat(NavFilter.of("", true, null, "b").narrows()).isTrue();
    }
}
