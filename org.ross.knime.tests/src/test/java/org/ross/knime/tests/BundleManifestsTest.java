package org.ross.knime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The shipping modules are OSGi bundles with bnd-generated manifests, and the feature lists them. */
class BundleManifestsTest {

    private static final Map<String, Attributes> BUNDLES = new HashMap<>();

    @BeforeAll
    static void readManifestsOnTheClassPath() throws Exception {
        for (URL url : Collections.list(BundleManifestsTest.class.getClassLoader()
                .getResources("META-INF/MANIFEST.MF"))) {
            try (InputStream in = url.openStream()) {
                Attributes main = new Manifest(in).getMainAttributes();
                String name = main.getValue("Bundle-SymbolicName");
                if (name != null && name.startsWith("org.ross.")) {
                    BUNDLES.put(name.split(";")[0].trim(), main);
                }
            }
        }
    }

    private static Attributes bundle(String symbolicName) {
        Attributes a = BUNDLES.get(symbolicName);
        assertNotNull(a, "no bundle " + symbolicName + " on the class path; found " + BUNDLES.keySet());
        return a;
    }

    @Test
    void eachShippingModuleExportsItsApi() {
        Map<String, List<String>> api = Map.of(
                "org.ross.core", List.of("org.ross.core", "org.ross.core.table"),
                "org.ross.knime.nodes", List.of("org.ross.knime.nodes", "org.ross.knime.nodes.spi"),
                "org.ross.runtime", List.of("org.ross.runtime.workflow", "org.ross.runtime.exec"));
        api.forEach((bundle, packages) -> {
            Attributes a = bundle(bundle);
            assertEquals("2", a.getValue("Bundle-ManifestVersion"));
            assertTrue(a.getValue("Tool").startsWith("Bnd-"), bundle + " manifest not written by bnd");
            String exports = a.getValue("Export-Package");
            for (String p : packages) {
                assertTrue(exports.contains(p + ";"), bundle + " does not export " + p + ": " + exports);
            }
            String imports = a.getValue("Import-Package");
            assertFalse(imports != null && imports.matches("(^|.*,)java\\..*"),
                    bundle + " imports java.* (-noimportjava missing): " + imports);
        });
    }

    @Test
    void theCliStaysPrivateToTheRuntimeBundle() {
        assertFalse(bundle("org.ross.runtime").getValue("Export-Package").contains("org.ross.runtime;"));
    }

    @Test
    void featureListsTheKnimeBundles() throws Exception {
        Path file = Path.of("..", "org.ross.knime.feature", "feature.xml");
        assertTrue(Files.isRegularFile(file), file.toAbsolutePath().toString());
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        Element feature = xml.getDocumentElement();
        assertEquals("org.ross.knime.feature", feature.getAttribute("id"));
        assertEquals("0.1.0.qualifier", feature.getAttribute("version"));
        assertEquals("Apache-2.0", xml.getElementsByTagName("license").item(0).getTextContent().trim());
        NodeList plugins = xml.getElementsByTagName("plugin");
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < plugins.getLength(); i++) {
            ids.add(((Element) plugins.item(i)).getAttribute("id"));
        }
        assertEquals(List.of("org.ross.core", "org.ross.knime.nodes"), ids);
        ids.forEach(BundleManifestsTest::bundle);
    }
}
