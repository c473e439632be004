// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.connect;

import io.drbdpilot.ssh.Prompter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The SSH layer's questions as dialogs. Called from connection threads, it waits for the answer on the UI thread.
 * Host keys show their type and SHA256 fingerprint, and Reject is the default; a changed key is announced loudly and
 * cannot be accepted here. Passphrases and passwords go straight back to the caller, which clears them after use.
 */
public final class FxPrompter implements Prompter {

    public static final ButtonType ACCEPT = new ButtonType("Accept and remember", ButtonBar.ButtonData.OK_DONE);
    public static final ButtonType REJECT = new ButtonType("Reject", ButtonBar.ButtonData.CANCEL_CLOSE);

    private final Supplier<Window> owner;

    public FxPrompter(Supplier<Window> owner) {
        this.owner = owner;
    }

    private static <T> T onFx(Callable<T> c, T fallback) {
        try {
            if (Platform.isFxApplicationThread()) {
                return c.call();
            }
            FutureTask<T> t = new FutureTask<>(c);
            Platform.runLater(t);
            return t.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        } catch (Exception e) { // a dialog that fails answers the safe way: reject, nothing entered
            return fallback;
        }
    }

    @Override
    public boolean acceptUnknownHostKey(HostKeyInfo key) {
        return onFx(() -> {
            boolean first = key.firstContact();
            Alert a = new Alert(first ? Alert.AlertType.CONFIRMATION : Alert.AlertType.WARNING, null, ACCEPT, REJECT);
            a.initOwner(owner.get());
            a.setTitle(first ? "Unknown host key" : "WARNING: another type of host key is known");
            a.setHeaderText(first ? "First connection to " + key.host() : "WARNING: " + key.host() + " offers a "
                    + key.keyType() + " key, but keys of other types are on file for it.\nThe host may have been "
                    + "reinstalled, or someone may be intercepting the connection.");
            GridPane g = new GridPane(10, 6);
            g.addRow(0, new Label("Host"), copyable(key.host()));
            g.addRow(1, new Label("Key type"), copyable(key.keyType()));
            TextField fp = copyable(key.fingerprint());
            fp.setId("hostkey-fingerprint");
            fp.setPrefColumnCount(52);
            g.addRow(2, new Label("Fingerprint"), fp);
            Label advice = new Label("Compare the fingerprint with the one the node itself shows "
                    + "(ssh-keygen -lf /etc/ssh/ssh_host_" + shortType(key.keyType()) + "_key.pub). Accept only if "
                    + "they match: the key is then added to known_hosts and checked on every connection.");
            advice.setWrapText(true);
            advice.setMaxWidth(520);
            VBox box = new VBox(12, g, advice);
            if (!first) {
                Label known = new Label("Known for this host:\n  " + String.join("\n  ", key.otherKnown()));
                known.setId("hostkey-other-known");
                known.getStyleClass().add("danger");
                box.getChildren().add(0, known);
                a.getDialogPane().getStyleClass().add("hostkey-changed");
            }
            box.setPadding(new Insets(6, 0, 0, 0));
            a.getDialogPane().setContent(box);
            a.getDialogPane().setId("hostkey-dialog");
            ((Button) a.getDialogPane().lookupButton(REJECT)).setDefaultButton(true);
            ((Button) a.getDialogPane().lookupButton(ACCEPT)).setDefaultButton(false);
            a.getDialogPane().lookupButton(ACCEPT).setId("hostkey-accept");
            a.getDialogPane().lookupButton(REJECT).setId("hostkey-reject");
            return a.showAndWait().filter(b -> b == ACCEPT).isPresent();
        }, false);
    }

    @Override
    public void hostKeyChanged(HostKeyChange c) {
        Platform.runLater(() -> {
            Alert a = new Alert(Alert.AlertType.ERROR, null, ButtonType.CLOSE);
            a.initOwner(owner.get());
            a.setTitle("HOST KEY CHANGED: connection refused");
            a.setHeaderText("WARNING: the " + c.keyType() + " host key of " + c.host() + " has CHANGED.\n"
                    + "Someone may be intercepting the connection, or the host was reinstalled.");
            GridPane g = new GridPane(10, 6);
            g.addRow(0, new Label("Known key"), copyable(c.knownFingerprint()));
            g.addRow(1, new Label("Offered key"), copyable(c.offeredFingerprint()));
            g.addRow(2, new Label("On file"), copyable(c.knownHostsFile() + " line " + c.line()));
            Label what = new Label("The connection was refused and nothing was changed. If the change is expected "
                    + "(you reinstalled the node), remove the old key deliberately and connect again:");
            what.setWrapText(true);
            what.setMaxWidth(560);
            TextField cmd = copyable("ssh-keygen -R '" + c.host() + "' -f " + c.knownHostsFile());
            cmd.setPrefColumnCount(52);
            VBox box = new VBox(10, g, what, cmd);
            a.getDialogPane().setContent(box);
            a.getDialogPane().setId("hostkey-changed-dialog");
            a.getDialogPane().getStyleClass().add("hostkey-changed");
            a.show();
        });
    }

    @Override
    public Optional<char[]> passphrase(Path keyFile) {
        return secret("Key passphrase", "The key " + keyFile + " is encrypted.", "Passphrase (not saved)");
    }

    @Override
    public Optional<char[]> password(String userAtHost, String prompt) {
        return secret("Password for " + userAtHost, prompt == null || prompt.isBlank() ? "Password for "
                + userAtHost : prompt, "Password (not saved)");
    }

    private Optional<char[]> secret(String title, String header, String prompt) {
        return onFx(() -> {
            Dialog<ButtonType> d = new Dialog<>();
            d.initOwner(owner.get());
            d.setTitle(title);
            d.setHeaderText(header);
            PasswordField f = new PasswordField();
            f.setPromptText(prompt);
            f.setId("secret-field");
            d.getDialogPane().setContent(f);
            d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
            d.getDialogPane().setId("secret-dialog");
            Platform.runLater(f::requestFocus);
            Optional<ButtonType> b = d.showAndWait();
            char[] out = f.getText().toCharArray();
            f.clear();
            return b.filter(x -> x == ButtonType.OK).map(x -> out);
        }, Optional.empty());
    }

    private static TextField copyable(String text) {
        TextField f = new TextField(text);
        f.setEditable(false);
        f.getStyleClass().add("copyable");
        return f;
    }

    private static String shortType(String keyType) {
        if (keyType.contains("ed25519")) {
            return "ed25519";
        }
        if (keyType.contains("ecdsa")) {
            return "ecdsa";
        }
        return keyType.contains("rsa") ? "rsa" : "*";
    }
}
