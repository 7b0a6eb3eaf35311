package org.ross.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VqaExperimentSeedsTest {

    @TempDir
    Path dir;

    /** A one-seed, one-arm result file in the form VqaExperiment writes. */
    private Path result(String name, String task, String objective, int seed, String perSeed, int steps,
                        int clevrImages, int fashionImages, String settings, String fitMse) throws IOException {
        String fit = fitMse == null || !objective.startsWith("ROSS") ? ""
                : task + " tokenizer (the ROSS arms' teacher): 1000 steps, reconstruction MSE " + fitMse
                        + " (PSNR 24.6 dB) on its training images.\n\n";
        String text = "# Benchmark: vqa-experiment\n\n- command: `x`\n\n"
                + "| task | objective | seeds | accuracy A (mean ± sd) | accuracy B (mean ± sd) "
                + "| accuracy C (mean ± sd) | train s per seed | per seed (A/B) | final L_text / L_visual |\n"
                + "|---|---|---|---|---|---|---|---|---|\n"
                + "| " + task + " | " + objective + " | 1 | - | - | - | 100.000 | " + perSeed + " | - |\n\n"
                + fit
                + "Budget shared by every arm: " + steps + " optimizer steps of batch 32, AdamW lr 5e-04 (3% warm-up, "
                + "cosine), seeds " + seed + ".." + seed + "; Sort-of-CLEVR " + clevrImages + " training images (20 "
                + "questions each), 200 held-out images (another generator seed, 4 questions each); Fashion-MNIST "
                + fashionImages + " training and 1000 test images (3 questions each). Tokenizer: KL-VAE, f = 4, 4 "
                + "channels, 1000 steps of 64 images. Greedy answers with the KV cache; exact match. Columns A/B/C: "
                + "Sort-of-CLEVR non-relational/relational/-; Fashion-MNIST item/footwear/sleeves.\n\n"
                + "ROSS settings: " + settings + ".\n\nRESULT x=1\n";
        Path file = dir.resolve(name + ".md");
        Files.writeString(file, text);
        return file;
    }

    private Path clevr(String objective, int seed, String perSeed, String fit) throws IOException {
        return result("clevr-" + objective + "-" + seed, "Sort-of-CLEVR", objective, seed, perSeed, 3000, 10000, 6000,
                objective.equals("TEXT_ONLY") ? "up to 5 questions per training conversation" : "lambda 4.0, up to 5 "
                        + "questions per training conversation", fit);
    }

    private static String files(Path... files) {
        return String.join(",", Arrays.stream(files).map(Path::toString).toList());
    }

    private static String resultLine(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow();
    }

    @Test
    void mainCombinesTwoTasksOfDifferentBudgetsAndKeepsTheWrittenAnalysis() throws IOException {
        Path results = Files.createDirectories(dir.resolve("results"));
        Files.writeString(results.resolve("vqa-experiment.md"), "# Benchmark: vqa-experiment\n\nold table\n\n"
                + "RESULT rel_gain_ross_d_over_text_only=0.0000\n\n## Analysis (written after the run)\n\n* kept.\n");
        String list = files(clevr("ROSS_D", 1, "80.0/70.0", "0.0140"), clevr("ROSS_D", 2, "70.0/72.0", "0.0140"),
                clevr("ROSS_D", 3, "75.0/71.0", "0.0140"), clevr("ROSS_R", 1, "99.0/70.0", "0.0139"),
                clevr("TEXT_ONLY", 1, "50.0/45.0", null), clevr("TEXT_ONLY", 2, "50.0/50.0", null),
                clevr("TEXT_ONLY", 3, "50.0/47.0", null),
                // Fashion-MNIST from another budget: 10,000 steps on 60,000 images, Sort-of-CLEVR sizes irrelevant
                result("fashion-d", "Fashion-MNIST", "ROSS_D", 1, "90.8/100.0", 10000, 2000, 60000,
                        "lambda 4.0, up to 3 questions per training conversation", "0.0077"),
                result("fashion-t", "Fashion-MNIST", "TEXT_ONLY", 1, "87.0/100.0", 10000, 2000, 60000,
                        "up to 3 questions per training conversation", null));
        Path written = VqaExperimentSeeds.run(new String[] {"--files", list, "--main"}, results);
        assertEquals(results.resolve("vqa-experiment.md"), written);
        assertEquals("RESULT nonrel_acc_ross_d=0.7500 rel_acc_ross_d=0.7100 rel_acc_text_only=0.4733 "
                + "rel_acc_ross_r=0.7000 rel_gain_ross_d_over_text_only=0.2367 fashion_item_acc_ross_d=0.9080 "
                + "fashion_item_acc_text_only=0.8700", resultLine(written));
        String text = Files.readString(written);
        assertTrue(text.endsWith("\n## Analysis (written after the run)\n\n* kept.\n"), text);
        assertFalse(text.contains("old table"), text);
        assertTrue(text.contains("Targets (issue 4), from the means above: non-relational >= 98% -> MISSED; "
                + "relational >= 90% -> MISSED; ROSS_D - TEXT_ONLY relational >= +2 points -> met (+23.7 points, "
                + "paired over 3 seed(s)); Fashion-MNIST item >= 91.6% -> MISSED."), text);
        assertTrue(text.contains("Sort-of-CLEVR: Budget shared by every arm: 3000 optimizer steps"), text);
        assertTrue(text.contains("Fashion-MNIST: Budget shared by every arm: 10000 optimizer steps"), text);
        // each ROSS arm of Sort-of-CLEVR has its own teacher, and the file says so
        assertTrue(text.contains("ROSS_D arm: Sort-of-CLEVR tokenizer (the ROSS arms' teacher): 1000 steps, "
                + "reconstruction MSE 0.0140"), text);
        assertTrue(text.contains("ROSS_R arm: Sort-of-CLEVR tokenizer (the ROSS arms' teacher): 1000 steps, "
                + "reconstruction MSE 0.0139"), text);
        assertTrue(text.contains("not a paired comparison"), text);
    }

    @Test
    void anUntaggedRunRefusesToReplaceACombinedMainResultButNotOneRunsFile() throws IOException {
        Path results = Files.createDirectories(dir.resolve("results"));
        Path main = results.resolve("vqa-experiment.md");
        VqaExperiment.refuseToReplaceCombined(main); // nothing there yet
        BenchmarkReport single = new BenchmarkReport("vqa-experiment", "./ross bench vqa-experiment --steps 300");
        single.columns("task").row("Sort-of-CLEVR").result("rel_acc_ross_d", 0.5);
        single.write(results, (String) null);
        VqaExperiment.refuseToReplaceCombined(main); // one run's file: a rerun may replace it

        String list = files(clevr("ROSS_D", 1, "80.0/70.0", "0.0140"), clevr("TEXT_ONLY", 1, "50.0/45.0", null));
        VqaExperimentSeeds.run(new String[] {"--files", list, "--main"}, results);
        String before = Files.readString(main);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VqaExperiment.refuseToReplaceCombined(main));
        assertTrue(e.getMessage().startsWith(main + " holds the main result combined by vqa-experiment-seeds --main"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Give --tag NAME to write vqa-experiment-NAME.md"), e.getMessage());
        assertEquals(before, Files.readString(main));
    }

    @Test
    void aTaskStillNeedsOneBudgetOneSettingAndOneFitPerArm() throws IOException {
        Path d1 = clevr("ROSS_D", 1, "80.0/70.0", "0.0140");
        Path shorter = result("short", "Sort-of-CLEVR", "TEXT_ONLY", 2, "50.0/45.0", 1500, 10000, 6000,
                "up to 5 questions per training conversation", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VqaExperimentSeeds.run(new String[] {"--files", files(d1, shorter), "--tag", "t"}, dir));
        assertTrue(e.getMessage().startsWith(shorter + ": its Sort-of-CLEVR budget differs"), e.getMessage());

        Path otherFit = clevr("ROSS_D", 2, "70.0/72.0", "0.0139");
        e = assertThrows(IllegalArgumentException.class,
                () -> VqaExperimentSeeds.run(new String[] {"--files", files(d1, otherFit), "--tag", "t"}, dir));
        assertTrue(e.getMessage().startsWith(otherFit + ": its Sort-of-CLEVR ROSS_D tokenizer differs"),
                e.getMessage());

        Path lambda8 = result("l8", "Sort-of-CLEVR", "ROSS_D", 3, "70.0/72.0", 3000, 10000, 6000,
                "lambda 8.0, up to 5 questions per training conversation", "0.0140");
        e = assertThrows(IllegalArgumentException.class,
                () -> VqaExperimentSeeds.run(new String[] {"--files", files(d1, lambda8), "--tag", "t"}, dir));
        assertTrue(e.getMessage().startsWith(lambda8 + ": its Sort-of-CLEVR ROSS_D ROSS settings differ from an "
                + "earlier file's:\n  ROSS settings: lambda 8.0, up to 5 questions per training conversation.\n  "
                + "ROSS settings: lambda 4.0, up to 5 questions per training conversation."), e.getMessage());

        Path again = clevr("ROSS_D", 1, "81.0/71.0", "0.0140");
        e = assertThrows(IllegalArgumentException.class,
                () -> VqaExperimentSeeds.run(new String[] {"--files", files(d1, again), "--tag", "t"}, dir));
        assertTrue(e.getMessage().contains("seed 1 of Sort-of-CLEVR ROSS_D is already in an earlier file"),
                e.getMessage());
    }

    @Test
    void twoRossArmsMayHaveTheirOwnSettingsEachNotedAndNeitherPairedWithTheOther() throws IOException {
        Path d8 = result("d8", "Sort-of-CLEVR", "ROSS_D", 1, "99.0/60.0", 3000, 10000, 6000,
                "lambda 8.0, up to 5 questions per training conversation", "0.0140");
        Path r4 = clevr("ROSS_R", 1, "99.5/70.0", "0.0140");
        Path t1 = clevr("TEXT_ONLY", 1, "50.0/45.0", null);
        Path written = VqaExperimentSeeds.run(new String[] {"--files", files(d8, r4, t1), "--tag", "arms"}, dir);
        List<String> lines = Files.readAllLines(written);
        List<String> notes = lines.stream().filter(l -> l.startsWith("ROSS_") || l.startsWith("The ")
                || l.startsWith("ROSS settings") || l.contains("tokenizer (the ROSS")).toList();
        assertEquals(List.of("Sort-of-CLEVR tokenizer (the ROSS arms' teacher): 1000 steps, reconstruction MSE 0.0140 "
                        + "(PSNR 24.6 dB) on its training images.",
                "ROSS_D arm: ROSS settings: lambda 8.0, up to 5 questions per training conversation.",
                "ROSS_R arm: ROSS settings: lambda 4.0, up to 5 questions per training conversation.",
                "The Sort-of-CLEVR ROSS arms learned from different ROSS settings (above), so they are not a paired "
                        + "comparison with each other; each pairs with TEXT_ONLY, which uses none."), notes);
        assertEquals("RESULT nonrel_acc_ross_d=0.9900 rel_acc_ross_d=0.6000 rel_acc_text_only=0.4500 "
                + "rel_acc_ross_r=0.7000 rel_gain_ross_d_over_text_only=0.1500", resultLine(written));
    }

    @Test
    void seedsScoredDuringTrainingAtDifferentCadencesStillPair() throws IOException {
        Path d1 = result("d1", "Sort-of-CLEVR", "ROSS_D", 1, "99.5/69.5", 3000, 10000, 6000,
                "lambda 8.0, up to 5 questions per training conversation, held-out questions also scored every 250 "
                        + "steps of training", "0.0140");
        Path d3 = result("d3", "Sort-of-CLEVR", "ROSS_D", 3, "99.0/70.0", 3000, 10000, 6000,
                "lambda 8.0, up to 5 questions per training conversation, held-out questions also scored every 500 "
                        + "steps of training", "0.0140");
        Path written = VqaExperimentSeeds.run(new String[] {"--files", files(d1, d3), "--tag", "cadence"}, dir);
        List<String> lines = Files.readAllLines(written);
        assertTrue(lines.contains("ROSS settings: lambda 8.0, up to 5 questions per training conversation."),
                String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("| Sort-of-CLEVR | ROSS_D | [1, 3] | 99.3% ± 0.4 |")),
                String.join("\n", lines));
        assertEquals("ROSS settings: preset settings (lambda 1, 4 draws, 2 denoiser layers, patch 8).",
                VqaExperimentSeeds.withoutScoring("ROSS settings: held-out questions also scored every 250 steps of "
                        + "training."));
    }

    @Test
    void oneTaskKeepsItsOneBudgetNoteAndTheClevrFilesPairWhateverTheirFashionSizes() throws IOException {
        Path d1 = clevr("ROSS_D", 1, "80.0/70.0", "0.0140");
        Path t1 = result("t1", "Sort-of-CLEVR", "TEXT_ONLY", 1, "50.0/45.0", 3000, 10000, 60000,
                "up to 5 questions per training conversation", null);
        Path written = VqaExperimentSeeds.run(new String[] {"--files", files(d1, t1), "--tag", "pair"}, dir);
        assertEquals(dir.resolve("vqa-experiment-pair.md"), written);
        List<String> lines = Files.readAllLines(written);
        assertTrue(lines.contains("Budget shared by every arm: 3000 optimizer steps of batch 32, AdamW lr 5e-04 (3% "
                + "warm-up, cosine), seeds as listed; Sort-of-CLEVR 10000 training images (20 questions each), 200 "
                + "held-out images (another generator seed, 4 questions each). Greedy answers with the KV cache; "
                + "exact match. Columns A/B/C: Sort-of-CLEVR non-relational/relational/-; Fashion-MNIST "
                + "item/footwear/sleeves."), String.join("\n", lines));
        assertEquals("RESULT nonrel_acc_ross_d=0.8000 rel_acc_ross_d=0.7000 rel_acc_text_only=0.4500 "
                + "rel_gain_ross_d_over_text_only=0.2500", resultLine(written));
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("Targets")), "a paired gain only, no targets line");
    }

    @Test
    void usageNamesBothWaysToWrite() {
        for (String[] args : List.of(new String[] {"--files", "a.md"}, new String[] {"--tag", "t", "--main"},
                new String[] {"--files", "a.md", "--tag", "t", "--main"})) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> VqaExperimentSeeds.run(args, dir));
            assertTrue(e.getMessage().contains("(--tag NAME | --main)"), e.getMessage());
        }
    }

    @Test
    void aRerunKeepsOnlyTheAnalysisOfTheFileItReplaces() throws IOException {
        Path none = dir.resolve("none.md");
        assertEquals(null, BenchmarkReport.analysis(none));
        Files.writeString(none, "# Benchmark: x\n\nRESULT a=1\n\n## Levers\n\ntext\n");
        assertEquals(null, BenchmarkReport.analysis(none));
        Path with = dir.resolve("with.md");
        Files.writeString(with, "# Benchmark: x\n\nRESULT a=1\n\n## Analysis (written after the run)\n\n* one\n\n"
                + "## Levers\n\n* two\n");
        assertEquals("## Analysis (written after the run)\n\n* one\n\n## Levers\n\n* two\n",
                BenchmarkReport.analysis(with));
    }
}
