using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using PlotLayout = Plotly.Blazor.Layout;
using Title = Plotly.Blazor.LayoutLib.Title;

namespace LabApp.Components.UI;

/// <summary>
/// The traces and layout of one chart, built from numbers the experiments computed; every chart of the lab is made by
/// one of these builders and shown by <see cref="FigureChart"/>.
/// </summary>
public sealed record Figure(IList<ITrace> Traces, PlotLayout Layout)
{
    /// <summary>No chart yet. A new one each time: a chart writes its data revision into the layout it is given.</summary>
    public static Figure Empty => new([], new PlotLayout());

    /// <summary>
    /// A heatmap with each cell's value written in it, first row on top. Row names get their number in front:
    /// Plotly merges rows with the same name, and two reviews may well start alike.
    /// </summary>
    public static Figure Heatmap(string title, IReadOnlyList<string> rows, IReadOnlyList<string> columns, Func<int, int, double> value)
    {
        var names = rows.Select((r, i) => $"{i + 1}. {Shorten(r, 32)}").ToArray();
        var z = rows.Select((_, r) => (object)columns.Select((_, c) => Math.Round(value(r, c), 3)).ToArray()).ToList();
        var trace = new HeatMap
        {
            Z = z,
            X = columns.Cast<object>().ToList(),
            Y = names.Cast<object>().ToList(),
            ColorScale = "Viridis",
            TextTemplate = "%{z:.2f}",
            HoverTemplate = "%{y}<br>%{x}: %{z:.3f}<extra></extra>",
            XGap = 1,
            YGap = 1,
        };
        var layout = new PlotLayout
        {
            Title = new Title { Text = title },
            Height = 160 + 36 * rows.Count,
            // Room for the longest row name on the left and the slanted column names below, at about 7 px a character.
            Margin = new Margin { L = 20 + 7 * names.Max(n => n.Length), R = 20, T = 50, B = 30 + 4 * columns.Max(c => c.Length) },
            YAxis = [new YAxis { AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.Reversed }],
            XAxis = [new XAxis { TickAngle = -30 }],
        };
        return new Figure([trace], layout);
    }

    /// <summary>Medium Task 1's heatmap: each review's cosine similarity with each label description.</summary>
    public static Figure ReviewLabelHeatmap(LabApp.Core.Experiments.CustomLabelsResult result) =>
        Heatmap("Review × label cosine similarity", result.Reviews, result.Labels, (r, c) => result.Similarities[r, c]);

    /// <summary>
    /// A confusion matrix as scikit-learn draws it: rows are the true class, columns the predicted one, the first class
    /// on top, each cell's count written in it; the cell <paramref name="selected"/> (row, column) is outlined.
    /// </summary>
    public static Figure ConfusionMatrix(int[,] counts, IReadOnlyList<string> names, (int Row, int Column)? selected = null)
    {
        var rows = Enumerable.Range(0, counts.GetLength(0))
            .Select(r => (object)Enumerable.Range(0, counts.GetLength(1)).Select(c => counts[r, c]).ToArray())
            .ToList();
        var trace = new HeatMap
        {
            Z = rows,
            X = names.Cast<object>().ToList(),
            Y = names.Cast<object>().ToList(),
            TextTemplate = "%{z}",
            // plotly's Blues runs dark to light; reversed, more reviews are darker, as in scikit-learn's plot.
            ColorScale = "Blues",
            ReverseScale = true,
            HoverTemplate = "true %{y}<br>predicted %{x}<br>%{z} reviews<extra></extra>",
        };
        var layout = new PlotLayout
        {
            Height = 320,
            Margin = new Margin { L = 120, R = 20, T = 20, B = 60 },
            XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "predicted" } }],
            YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "true" }, AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.Reversed }],
        };
        if (selected is { } cell)
        {
            // A category axis places category i at i, so the cell spans i ± 0.5 on both axes.
            layout.Shapes =
            [
                new Shape
                {
                    Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Rect,
                    XRef = "x",
                    YRef = "y",
                    X0 = cell.Column - 0.5,
                    X1 = cell.Column + 0.5,
                    Y0 = cell.Row - 0.5,
                    Y1 = cell.Row + 0.5,
                    Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Color = "#ff9800", Width = 4 },
                },
            ];
        }

        return new Figure([trace], layout);
    }

    /// <summary>One overlaid histogram per group; plotly does the binning in the browser.</summary>
    public static Figure Histograms(string xTitle, string yTitle, IReadOnlyList<(string Name, IReadOnlyList<int> Values)> groups)
    {
        var traces = groups.Select(g => (ITrace)new Histogram
        {
            Name = g.Name,
            X = g.Values.Cast<object>().ToList(),
            Opacity = 0.6m,
        }).ToList();
        var layout = new PlotLayout
        {
            Height = 300,
            BarMode = BarModeEnum.Overlay,
            Margin = new Margin { L = 50, R = 10, T = 10, B = 40 },
            XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = xTitle } }],
            YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = yTitle } }],
        };
        return new Figure(traces, layout);
    }

    /// <summary>Lines with markers over a shared x axis; a null y leaves a gap.</summary>
    public static Figure Lines(string title, string xTitle, string yTitle, IReadOnlyList<(string Name, IReadOnlyList<double> X, IReadOnlyList<double?> Y)> series, double? yMin = null, double? yMax = null, bool logarithmicX = false, (string Name, double X)? marker = null)
    {
        var traces = series.Select(s => (ITrace)new Scatter
        {
            Name = s.Name,
            Mode = ModeFlag.Lines | ModeFlag.Markers,
            X = s.X.Cast<object>().ToList(),
            Y = s.Y.Select(y => y is { } v ? (object)Math.Round(v, 4) : null!).ToList(),
        }).ToList();
        var yAxis = new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = yTitle } };
        if (yMin is { } low && yMax is { } high)
            yAxis.Range = [low, high];
        var layout = new PlotLayout
        {
            Title = new Title { Text = title },
            Height = 460,
            Margin = new Margin { L = 60, R = 20, T = 50, B = 120 },
            // Below the axis title, so long series names do not squeeze the plot.
            Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.3m }],
            XAxis = [new XAxis
            {
                Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = xTitle },
                Type = logarithmicX ? Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Log : Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Linear,
                // A log axis labels every digit of every decade; the x values themselves are the ticks a reader wants.
                TickVals = logarithmicX ? series.SelectMany(s => s.X).Distinct().Order().Cast<object>().ToList() : null,
            }],
            YAxis = [yAxis],
        };
        // The marker is a shape, not a trace: moving it changes only the layout, which the browser redraws without
        // recomputing the lines (see FigureChart's data revision), so a dragged threshold costs the chart almost nothing.
        if (marker is { } line)
        {
            layout.Shapes =
            [
                new Shape
                {
                    Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Line,
                    // Written inside the plot beside the line's top (the plot clips what lies outside it): a legend
                    // entry would keep the name the chart was first drawn with.
                    Label = new Plotly.Blazor.LayoutLib.ShapeLib.Label
                    {
                        Text = line.Name,
                        TextAngle = 0,
                        TextPosition = Plotly.Blazor.LayoutLib.ShapeLib.LabelLib.TextPositionEnum.End,
                        XAnchor = Plotly.Blazor.LayoutLib.ShapeLib.LabelLib.XAnchorEnum.Left,
                        YAnchor = Plotly.Blazor.LayoutLib.ShapeLib.LabelLib.YAnchorEnum.Top,
                    },
                    XRef = "x",
                    YRef = "y",
                    X0 = line.X,
                    X1 = line.X,
                    Y0 = yMin ?? 0,
                    Y1 = yMax ?? 1,
                    Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Dash = "dash", Color = "gray" },
                },
            ];
        }

        return new Figure(traces, layout);
    }

    /// <summary>Counts per bin as side-by-side bars, one colour per group.</summary>
    public static Figure GroupedBars(string title, string xTitle, string yTitle, IReadOnlyList<string> bins, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> groups)
    {
        var traces = groups.Select(g => (ITrace)new Bar
        {
            Name = g.Name,
            X = bins.Cast<object>().ToList(),
            Y = g.Values.Select(v => (object)Math.Round(v, 4)).ToList(),
        }).ToList();
        var layout = new PlotLayout
        {
            Title = new Title { Text = title },
            Height = 360,
            BarMode = BarModeEnum.Group,
            Margin = new Margin { L = 60, R = 20, T = 50, B = 60 },
            XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = xTitle }, Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Category }],
            YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = yTitle } }],
        };
        return new Figure(traces, layout);
    }

    /// <summary>
    /// The test split's reviews on the map's two axes, one trace per colour of <paramref name="colouring"/> (trace i is
    /// group i of <see cref="LabApp.Core.Experiments.EmbeddingMap.Groups"/>, so a click on point j of it is that group's
    /// review j), each review's text on hover; then the <paramref name="placed"/> texts as stars, their text beside them,
    /// and a ring around the review at test row <paramref name="opened"/>.
    /// </summary>
    public static Figure EmbeddingMap(LabApp.Core.Experiments.EmbeddingMap map, LabApp.Core.Experiments.MapColouring colouring, LabApp.Core.Data.ReviewSplit test,
        IReadOnlyList<(string Kind, string Text, double X, double Y)> placed, int? opened = null)
    {
        var traces = map.Groups(colouring).Select(g => (ITrace)new Scatter
        {
            Name = $"{g.Name} ({g.Points.Count})",
            Mode = ModeFlag.Markers,
            X = g.Points.Select(p => (object)Math.Round(map.Reviews[p].X, 5)).ToList(),
            Y = g.Points.Select(p => (object)Math.Round(map.Reviews[p].Y, 5)).ToList(),
            TextArray = g.Points.Select(p => Shorten(test.Texts[map.Reviews[p].Index], 90)).ToArray(),
            HoverTemplate = "%{text}<extra>%{fullData.name}</extra>",
            Marker = new Marker { Size = 6, Opacity = 0.7m, Color = MapColour(g.Name) },
        }).ToList();
        // The label descriptions embed close together ("A negative review", "A positive review"): each star's text goes to
        // the side away from its nearest neighbour, so the texts of two stars side by side never meet between them.
        foreach (var kind in placed.Select((p, i) => (Place: p, Side: SideAwayFromNeighbour(placed, i))).GroupBy(p => p.Place.Kind))
        {
            traces.Add(new Scatter
            {
                Name = kind.Key,
                Mode = ModeFlag.Markers | ModeFlag.Text,
                X = kind.Select(p => (object)Math.Round(p.Place.X, 5)).ToList(),
                Y = kind.Select(p => (object)Math.Round(p.Place.Y, 5)).ToList(),
                TextArray = kind.Select(p => Shorten(p.Place.Text, 40)).ToArray(),
                TextPositionArray = kind.Select(p => (Plotly.Blazor.Traces.ScatterLib.TextPositionEnum?)p.Side).ToList(),
                HoverTemplate = "%{text}<extra>%{fullData.name}</extra>",
                Marker = new Marker { Size = 18, Symbol = Plotly.Blazor.Traces.ScatterLib.MarkerLib.SymbolEnum.Star, Color = "#212121", Line = new Plotly.Blazor.Traces.ScatterLib.MarkerLib.Line { Color = "white", Width = 1 } },
            });
        }

        if (opened is { } row && map.Reviews.FirstOrDefault(r => r.Index == row) is { } point)
        {
            traces.Add(new Scatter
            {
                Name = "opened review",
                Mode = ModeFlag.Markers,
                X = [Math.Round(point.X, 5)],
                Y = [Math.Round(point.Y, 5)],
                HoverInfo = Plotly.Blazor.Traces.ScatterLib.HoverInfoFlag.Skip,
                Marker = new Marker { Size = 16, Symbol = Plotly.Blazor.Traces.ScatterLib.MarkerLib.SymbolEnum.CircleOpen, Color = "#212121", Line = new Plotly.Blazor.Traces.ScatterLib.MarkerLib.Line { Width = 3 } },
            });
        }

        var layout = new PlotLayout
        {
            Height = 560,
            HoverMode = HoverModeEnum.Closest,
            Margin = new Margin { L = 60, R = 20, T = 20, B = 110 },
            Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.15m }],
            XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = $"first principal axis ({Percent(map.Axes.ExplainedVarianceRatio[0])} of the variance)" }, ZeroLine = false }],
            YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = $"second axis ({Percent(map.Axes.ExplainedVarianceRatio[1])})" }, ZeroLine = false }],
        };
        return new Figure(traces, layout);
    }

    /// <summary>
    /// Where the text of placed point <paramref name="i"/> goes: above it when its nearest neighbour is below, below when
    /// above, and so for left and right; two points on one spot take above and below in turn.
    /// </summary>
    private static Plotly.Blazor.Traces.ScatterLib.TextPositionEnum SideAwayFromNeighbour(IReadOnlyList<(string Kind, string Text, double X, double Y)> placed, int i)
    {
        var point = placed[i];
        var others = placed.Where((_, j) => j != i).ToArray();
        if (others.Length == 0)
            return Plotly.Blazor.Traces.ScatterLib.TextPositionEnum.TopCenter;
        var nearest = others.MinBy(o => (o.X - point.X) * (o.X - point.X) + (o.Y - point.Y) * (o.Y - point.Y));
        var (dx, dy) = (point.X - nearest.X, point.Y - nearest.Y);
        if (dx == 0 && dy == 0)
            dy = i % 2 == 0 ? 1 : -1;
        return Math.Abs(dy) >= Math.Abs(dx)
            ? dy > 0 ? Plotly.Blazor.Traces.ScatterLib.TextPositionEnum.TopCenter : Plotly.Blazor.Traces.ScatterLib.TextPositionEnum.BottomCenter
            : dx > 0 ? Plotly.Blazor.Traces.ScatterLib.TextPositionEnum.MiddleRight : Plotly.Blazor.Traces.ScatterLib.TextPositionEnum.MiddleLeft;
    }

    // Negative and wrong in warm colours, positive and correct in cool ones, in every colouring.
    private static string MapColour(string group) =>
        group.Contains("Negative") ? "#e45756" : group.Contains("Positive") ? "#4c78a8" : group == "wrong" ? "#f58518" : "#54a24b";

    private static string Percent(double share) => LabApp.Core.Experiments.BookFormat.Percent(share, 1);

    public static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    /// <summary>Coverage and accuracy on predicted against the threshold, a pair of lines per set of reviews, the current threshold marked.</summary>
    public static Figure ThresholdCurves(string measureName, double threshold, IReadOnlyList<(string Name, LabApp.Core.Experiments.ConfidenceResult Result)> results)
    {
        var series = results.SelectMany(r =>
        {
            var thresholds = r.Result.Curve.Select(o => o.Threshold).ToArray();
            return new (string, IReadOnlyList<double>, IReadOnlyList<double?>)[]
            {
                ($"coverage · {r.Name}", thresholds, r.Result.Curve.Select(o => (double?)o.Coverage).ToArray()),
                ($"accuracy on predicted · {r.Name}", thresholds, r.Result.Curve.Select(o => o.AccuracyOnPredicted).ToArray()),
            };
        }).ToArray();
        return Lines($"Coverage and accuracy against the threshold ({measureName})", "threshold", "share", series, 0, 1.02,
            marker: ($"threshold {threshold:0.00}", threshold));
    }

    /// <summary>Weighted F1 against training reviews (a log axis), one line per test subset and model of the table.</summary>
    public static Figure LearningCurves(LabApp.Core.Experiments.LimitedDataTable table)
    {
        var curves = table.LearningCurves
            .Select(c => ($"{LabApp.Core.Models.ModelCatalog.ShortName(LabApp.Core.Models.ModelCatalog.Find(c.ModelId))} · test {c.TestSize} · seed {c.Seed}",
                (IReadOnlyList<double>)c.TrainSizes.Select(n => (double)n).ToArray(),
                (IReadOnlyList<double?>)c.WeightedF1.Select(f => (double?)f).ToArray()))
            .ToArray();
        return Lines("Learning curve: weighted F1 against training reviews", "training reviews (log scale)", "weighted F1", curves, logarithmicX: true, yMin: 0, yMax: 1);
    }

    /// <summary>
    /// <see cref="LearningCurves"/> with the task-specific model's weighted F1 as a dashed level across each test subset's
    /// training sizes, where the table has it: the point where a curve crosses its level answers the book's question.
    /// </summary>
    public static Figure LearningCurvesBesideTaskSpecific(LabApp.Core.Experiments.LimitedDataTable table)
    {
        var figure = LearningCurves(table);
        var levels = table.Rows
            .Where(r => r.TaskComparison is not null)
            .GroupBy(r => (r.TestSize, r.Seed, r.TaskComparison!.Source))
            .Select(g => new Scatter
            {
                Name = g.Key.Source == LabApp.Core.Experiments.TaskF1Source.Book
                    ? $"task-specific model · the book's F1 · test {g.Key.TestSize} · seed {g.Key.Seed}"
                    : $"task-specific model · test {g.Key.TestSize} · seed {g.Key.Seed}",
                Mode = ModeFlag.Lines | ModeFlag.Markers,
                X = [(double)g.Min(r => r.TrainSize), (double)g.Max(r => r.TrainSize)],
                Y = [Math.Round(g.First().ComparedTaskF1!.Value, 4), Math.Round(g.First().ComparedTaskF1!.Value, 4)],
                Line = new Line { Dash = "dash" },
            });
        foreach (var level in levels)
            figure.Traces.Add(level);
        return figure;
    }

    /// <summary>
    /// Selective risk against coverage, one line per classifier: answering only the most confident reviews, how often is
    /// each wrong? A lower curve is a better confidence; a dotted level marks the risk the student chose.
    /// </summary>
    public static Figure RiskCoverage(IReadOnlyList<(string Name, LabApp.Core.Evaluation.SelectiveResult Result)> curves, double targetRisk)
    {
        var traces = curves.Select(c => (ITrace)new Scatter
        {
            Name = $"{c.Name} · AURC {c.Result.Aurc:0.000}",
            Mode = ModeFlag.Lines,
            X = c.Result.Curve.Select(p => (object)Math.Round(p.Coverage, 4)).ToList(),
            Y = c.Result.Curve.Select(p => (object)Math.Round(p.Risk, 4)).ToList(),
        }).ToList();
        traces.Add(new Scatter
        {
            Name = $"target risk {targetRisk:0.00}",
            Mode = ModeFlag.Lines,
            X = [0.0, 1.0],
            Y = [targetRisk, targetRisk],
            Line = new Line { Dash = "dot", Color = "gray" },
        });
        return Chart("Risk–coverage: the error rate among the reviews answered", "coverage (share of test reviews answered, most confident first)", "selective risk (error rate)", traces, (0, 1), null);
    }

    /// <summary>
    /// A reliability diagram as scikit-learn's calibration_curve computes it: per probability bin, the share of positive
    /// reviews against the mean predicted probability; a calibrated classifier follows the diagonal.
    /// </summary>
    public static Figure Reliability(IReadOnlyList<(string Name, LabApp.Core.Evaluation.CalibrationResult Result)> diagrams)
    {
        var traces = new List<ITrace>
        {
            new Scatter { Name = "perfectly calibrated", Mode = ModeFlag.Lines, X = [0.0, 1.0], Y = [0.0, 1.0], Line = new Line { Dash = "dash", Color = "gray" } },
        };
        traces.AddRange(diagrams.Select(d => (ITrace)new Scatter
        {
            Name = $"{d.Name} · ECE {d.Result.Ece:0.000}",
            Mode = ModeFlag.Lines | ModeFlag.Markers,
            X = d.Result.Bins.Select(b => (object)Math.Round(b.MeanPredicted, 4)).ToList(),
            Y = d.Result.Bins.Select(b => (object)Math.Round(b.FractionPositive, 4)).ToList(),
            TextArray = d.Result.Bins.Select(b => $"{b.Lower:0.0}–{b.Upper:0.0}: {b.Count} reviews").ToList(),
            HoverTemplate = "%{text}<br>mean predicted %{x:.3f}<br>positive %{y:.3f}<extra></extra>",
        }));
        return Chart("Reliability diagram (10 equal-width bins)", "mean predicted probability of positive", "share of reviews that are positive", traces, (-0.02, 1.02), (-0.02, 1.02));
    }

    /// <summary>
    /// Weighted F1 against training reviews over several seeds: the mean ± one sample standard deviation shaded, the
    /// mean as a line and the book's seed-42 line on top.
    /// </summary>
    public static Figure SeedBand(LabApp.Core.Experiments.SeedBand band)
    {
        var x = band.Points.Select(p => (object)(double)p.TrainSize).ToList();
        var upper = band.Points.Select(p => (object)Math.Round(p.Mean + (p.StandardDeviation ?? 0), 4)).ToList();
        var lower = band.Points.Select(p => (object)Math.Round(p.Mean - (p.StandardDeviation ?? 0), 4)).ToList();
        var traces = new List<ITrace>
        {
            new Scatter { Name = "mean + 1 sd", Mode = ModeFlag.Lines, X = x, Y = upper, Line = new Line { Width = 0 }, ShowLegend = false, HoverInfo = HoverInfoFlag.Skip },
            new Scatter
            {
                Name = $"mean ± 1 sample sd over {band.Seeds.Count} seeds", Mode = ModeFlag.Lines, X = x, Y = lower, Fill = FillEnum.ToNextY,
                FillColor = "rgba(25, 118, 210, 0.2)", Line = new Line { Width = 0 },
            },
            new Scatter { Name = "mean", Mode = ModeFlag.Lines | ModeFlag.Markers, X = x, Y = band.Points.Select(p => (object)Math.Round(p.Mean, 4)).ToList(), Line = new Line { Color = "rgb(25, 118, 210)" } },
        };
        var book = band.Points.Select(p => p.PerSeed.Where(s => s.Seed == 42).Select(s => (double?)s.WeightedF1).FirstOrDefault()).ToArray();
        if (book.Any(f => f is not null))
        {
            traces.Add(new Scatter
            {
                Name = "seed 42 (the book's)", Mode = ModeFlag.Lines | ModeFlag.Markers, X = x,
                Y = book.Select(f => f is { } v ? (object)Math.Round(v, 4) : null!).ToList(), Line = new Line { Color = "rgb(230, 81, 0)" },
            });
        }

        var figure = Chart($"Learning curve over seeds {string.Join(", ", band.Seeds)} (test {band.TestSize})", "training reviews (log scale)", "weighted F1", traces, null, null);
        figure.Layout.XAxis[0].Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Log;
        figure.Layout.XAxis[0].TickVals = x;
        return figure;
    }

    /// <summary>
    /// The class's Task 2: every student's (training size, weighted F1) as a point per embedding model, the class's median
    /// per model on the book's test reviews as a line, the book's own run (mpnet at 1000) as a star, and the Task F1 the
    /// rows compare with (the book's twitter-roberta figure, or the lab's) as a dashed level.
    /// </summary>
    public static Figure ClassLearningCurves(LabApp.Services.ClassBoard board)
    {
        static string Name(string modelId) => LabApp.Core.Models.ModelCatalog.ShortName(LabApp.Core.Models.ModelCatalog.Find(modelId));
        var traces = new List<ITrace>();
        foreach (var model in board.TrainSizes.GroupBy(p => p.ModelId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            traces.Add(new Scatter
            {
                Name = $"students · {Name(model.Key)}", Mode = ModeFlag.Markers,
                X = model.Select(p => (object)(double)p.TrainSize).ToList(), Y = model.Select(p => (object)Math.Round(p.WeightedF1, 4)).ToList(),
                TextArray = model.Select(p => p.Student).ToList(), Marker = new Plotly.Blazor.Traces.ScatterLib.Marker { Opacity = 0.55m },
            });
            var medians = board.Medians.Where(m => m.ModelId == model.Key).ToArray();
            if (medians.Length > 0)
            {
                traces.Add(new Scatter
                {
                    Name = $"class median · {Name(model.Key)}", Mode = ModeFlag.Lines | ModeFlag.Markers,
                    X = medians.Select(m => (object)(double)m.TrainSize).ToList(), Y = medians.Select(m => (object)Math.Round(m.WeightedF1, 4)).ToList(),
                });
            }
        }

        var book = LabApp.Core.Book.BookPrinted.Notebook.Task2;
        traces.Add(new Scatter
        {
            Name = $"the book's run · {Name(book.EmbeddingModel)}", Mode = ModeFlag.Markers,
            X = [(double)book.TrainSize], Y = [book.EmbeddingF1], Marker = new Plotly.Blazor.Traces.ScatterLib.Marker { Symbol = Plotly.Blazor.Traces.ScatterLib.MarkerLib.SymbolEnum.Star, Size = 14 },
        });
        var sizes = LabApp.Core.Experiments.LimitedDataExperiment.BookSizes;
        traces.Add(new Scatter
        {
            Name = $"Task F1 · {LabApp.Core.Experiments.TaskF1Comparison.Book.Caption}", Mode = ModeFlag.Lines,
            X = [(double)sizes[0], (double)sizes[^1]], Y = [book.TaskF1, book.TaskF1], Line = new Line { Dash = "dash", Color = "gray" },
        });
        var figure = Chart("The class's learning curves: weighted F1 against training reviews", "training reviews (log scale)", "weighted F1", traces, null, (0, 1));
        figure.Layout.XAxis[0].Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Log;
        figure.Layout.XAxis[0].TickVals = sizes.Select(n => (object)(double)n).ToList();
        return figure;
    }

    /// <summary>The class's Task 3: every row of every student's experiment log as (coverage, accuracy on predicted), one colour per measure; chosen thresholds ringed.</summary>
    public static Figure ClassThresholds(LabApp.Services.ClassBoard board)
    {
        var traces = board.Thresholds.GroupBy(p => (p.Measure, p.IsChosen)).OrderBy(g => g.Key.Measure).ThenBy(g => g.Key.IsChosen).Select(g => (ITrace)new Scatter
        {
            Name = $"{(g.Key.Measure == LabApp.Core.Experiments.ConfidenceMeasure.Margin ? "margin" : "max similarity − 0.5")}{(g.Key.IsChosen ? " · the threshold chosen" : "")}",
            Mode = ModeFlag.Markers,
            X = g.Select(p => (object)Math.Round(p.Coverage, 4)).ToList(),
            Y = g.Select(p => (object)Math.Round(p.Accuracy, 4)).ToList(),
            TextArray = g.Select(p => $"{p.Student} · threshold {p.Threshold:0.00}").ToList(),
            Marker = new Plotly.Blazor.Traces.ScatterLib.Marker { Size = g.Key.IsChosen ? 13 : 8, Opacity = 0.6m },
        }).ToList();
        return Chart("The class's experiment logs: accuracy on the predicted against coverage", "coverage", "accuracy on predicted", traces, (0, 1.02), (0, 1.02));
    }

    private static Figure Chart(string title, string xTitle, string yTitle, IList<ITrace> traces, (double, double)? xRange, (double, double)? yRange)
    {
        var xAxis = new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = xTitle } };
        if (xRange is { } xr)
            xAxis.Range = [xr.Item1, xr.Item2];
        var yAxis = new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = yTitle } };
        if (yRange is { } yr)
            yAxis.Range = [yr.Item1, yr.Item2];
        var layout = new PlotLayout
        {
            Title = new Title { Text = title },
            Height = 420,
            Margin = new Margin { L = 60, R = 20, T = 50, B = 110 },
            Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.3m }],
            XAxis = [xAxis],
            YAxis = [yAxis],
        };
        return new Figure(traces, layout);
    }
}

