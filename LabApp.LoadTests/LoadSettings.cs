namespace LabApp.LoadTests;

/// <summary>How many students for how long, against which lab, with which Chromium; or each page's first visit instead.</summary>
public sealed record LoadSettings(int Students, double Minutes, Uri? Url, int? ServerProcessId, string Chromium, bool FirstVisits = false);
