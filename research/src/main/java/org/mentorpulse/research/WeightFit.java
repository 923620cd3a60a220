package org.mentorpulse.research;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.analysis.MultivariateVectorFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.mentorpulse.research.Backtest.Day;

/**
 * The risk factors' weights fitted from outcomes: a logistic regression of "closed early within the horizon" on
 * the seven factor values of each match-day, with a small ridge penalty so that a factor that never varies
 * cannot run off to infinity. The optimiser is Commons Math's non-linear conjugate gradient on the penalised
 * log-likelihood; this class only states the likelihood and its gradient.
 *
 * <p>What is reported, and why:
 * <ul>
 *   <li>the coefficients (log-odds per unit of a factor's 0-1 value) and their standard errors from a bootstrap
 *       over whole matches (row-level errors would pretend a match's days are independent);</li>
 *   <li>proposed weights: the positive coefficients scaled to add up to 1, as the defaults do, so they drop
 *       into {@code risk.program.<id>.weight.<factor>}; a factor whose coefficient is not positive gets 0;</li>
 *   <li>cross-validated AUC, folds of whole matches: the default weights' score and the proposed weights' score
 *       on the same held-out days, fitted without them. The gain is what applying the proposal would bring.</li>
 * </ul>
 * A proposal, never applied by itself: an operator sets the weights per program after reading it.
 */
public final class WeightFit {
    static final double RIDGE = 1e-3;

    public record Result(double intercept, double[] coefficients, double[] standardErrors, double[] proposedWeights,
            double crossValidatedAucDefault, double crossValidatedAucProposed, int folds, int bootstrapRounds) {
        public double aucGain() {
            return crossValidatedAucProposed - crossValidatedAucDefault;
        }
    }

    private WeightFit() {}

    static Result fit(List<Day> cases, boolean[] positive, Map<String, List<Integer>> byMatch, List<String> factors,
            double[] defaultWeights, Backtest.Options options) {
        int k = factors.size();
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            all.add(i);
        }
        double[] beta = logistic(cases, positive, all, k);

        // standard errors: the spread of the coefficients over resamples of whole matches
        List<List<Integer>> matches = new ArrayList<>(byMatch.values());
        Random random = new Random(options.seed() + 1);
        int rounds = Math.min(options.bootstrapRounds(), 100);
        double[][] draws = new double[k + 1][rounds];
        for (int round = 0; round < rounds; round++) {
            double[] b = logistic(cases, positive, Backtest.resample(matches, random), k);
            for (int j = 0; j <= k; j++) {
                draws[j][round] = b[j];
            }
        }
        double[] se = new double[k];
        double[] coefficients = new double[k];
        for (int j = 0; j < k; j++) {
            coefficients[j] = beta[j + 1];
            se[j] = new StandardDeviation().evaluate(draws[j + 1]);
        }

        // cross-validation over folds of whole matches
        List<String> ids = new ArrayList<>(byMatch.keySet());
        Collections.shuffle(ids, new Random(options.seed() + 2));
        double sumDefault = 0;
        double sumProposed = 0;
        int usedFolds = 0;
        for (int fold = 0; fold < options.folds(); fold++) {
            List<Integer> train = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int m = 0; m < ids.size(); m++) {
                (m % options.folds() == fold ? test : train).addAll(byMatch.get(ids.get(m)));
            }
            boolean[] testLabels = new boolean[test.size()];
            double[] defaultScores = new double[test.size()];
            for (int i = 0; i < test.size(); i++) {
                testLabels[i] = positive[test.get(i)];
                defaultScores[i] = weighted(cases.get(test.get(i)), defaultWeights);
            }
            int pos = Backtest.countTrue(testLabels);
            if (pos == 0 || pos == testLabels.length) {
                continue; // a fold without both classes says nothing about ranking
            }
            double[] proposed = proposal(logistic(cases, positive, train, k), defaultWeights);
            double[] proposedScores = new double[test.size()];
            for (int i = 0; i < test.size(); i++) {
                proposedScores[i] = weighted(cases.get(test.get(i)), proposed);
            }
            sumDefault += Backtest.auc(defaultScores, testLabels);
            sumProposed += Backtest.auc(proposedScores, testLabels);
            usedFolds++;
        }
        return new Result(beta[0], coefficients, se, proposal(beta, defaultWeights), sumDefault / usedFolds,
                sumProposed / usedFolds, usedFolds, rounds);
    }

    /** The weighted sum of a day's factor values: the score's ranking, without the level rules and rounding. */
    static double weighted(Day d, double[] weights) {
        double sum = 0;
        for (int j = 0; j < weights.length; j++) {
            sum += weights[j] * d.factorValues()[j];
        }
        return sum;
    }

    /** Positive coefficients scaled to the defaults' total; the defaults themselves if none is positive. */
    static double[] proposal(double[] beta, double[] defaultWeights) {
        double total = 0;
        double positives = 0;
        for (int j = 0; j < defaultWeights.length; j++) {
            total += defaultWeights[j];
            positives += Math.max(0, beta[j + 1]);
        }
        if (positives == 0) {
            return defaultWeights.clone();
        }
        double[] w = new double[defaultWeights.length];
        for (int j = 0; j < w.length; j++) {
            w[j] = Math.max(0, beta[j + 1]) / positives * total;
        }
        return w;
    }

    /** Intercept and coefficients minimising the mean negative log-likelihood plus the ridge penalty. */
    static double[] logistic(List<Day> cases, boolean[] positive, List<Integer> rows, int k) {
        int n = rows.size();
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = cases.get(rows.get(i)).factorValues();
            y[i] = positive[rows.get(i)] ? 1 : 0;
        }
        MultivariateFunction loss = b -> {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double z = linear(b, x[i], k);
                sum += softplus(z) - y[i] * z;
            }
            return sum / n + penalty(b, k);
        };
        MultivariateVectorFunction gradient = b -> {
            double[] g = new double[k + 1];
            for (int i = 0; i < n; i++) {
                double r = sigmoid(linear(b, x[i], k)) - y[i];
                g[0] += r;
                for (int j = 0; j < k; j++) {
                    g[j + 1] += r * x[i][j];
                }
            }
            for (int j = 0; j <= k; j++) {
                g[j] = g[j] / n + (j == 0 ? 0 : RIDGE * b[j]);
            }
            return g;
        };
        PointValuePair best = new NonLinearConjugateGradientOptimizer(
                NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, new SimpleValueChecker(1e-12, 1e-14))
                .optimize(new MaxEval(200_000), new MaxIter(200_000), new ObjectiveFunction(loss),
                        new ObjectiveFunctionGradient(gradient), GoalType.MINIMIZE, new InitialGuess(new double[k + 1]));
        return best.getPoint();
    }

    private static double linear(double[] b, double[] x, int k) {
        double z = b[0];
        for (int j = 0; j < k; j++) {
            z += b[j + 1] * x[j];
        }
        return z;
    }

    private static double penalty(double[] b, int k) {
        double sum = 0;
        for (int j = 1; j <= k; j++) {
            sum += b[j] * b[j];
        }
        return RIDGE / 2 * sum;
    }

    /** log(1 + e^z), without overflow */
    private static double softplus(double z) {
        return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    }

    private static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    static String markdown(Result r, List<String> factors, double[] defaultWeights) {
        StringBuilder md = new StringBuilder("\n## Weights fitted from the outcomes\n\n");
        md.append(String.format("Logistic regression of closing early within the horizon on the factor values "
                + "(ridge %.0e); standard errors from %d bootstrap resamples of whole matches; AUC cross-validated over "
                + "%d folds of whole matches.%n%n", RIDGE, r.bootstrapRounds(), r.folds()));
        md.append("| factor | coefficient | std. error | default weight | proposed weight |\n|---|---|---|---|---|\n");
        md.append(String.format("| (intercept) | %.3f | | | |%n", r.intercept()));
        for (int j = 0; j < factors.size(); j++) {
            md.append(String.format("| %s | %.3f | %.3f | %.2f | %.2f |%n", factors.get(j), r.coefficients()[j],
                    r.standardErrors()[j], defaultWeights[j], r.proposedWeights()[j]));
        }
        md.append(String.format("%nCross-validated AUC: default weights %.3f, proposed weights %.3f (gain %+.3f).%n",
                r.crossValidatedAucDefault(), r.crossValidatedAucProposed(), r.aucGain()));
        md.append("\nA proposal: apply it per program with `risk.program.<id>.weight.<factor>` after reading it; "
                + "nothing is applied by itself.\n");
        return md.toString();
    }
}
