namespace LabApp.Core.Models;

/// <summary>Whether a model can be used now, and if not, what it takes.</summary>
public enum ModelAvailability
{
    /// <summary>Ships with the lab; extracted into the cache on first use.</summary>
    Embedded,

    /// <summary>All files are in the model cache.</summary>
    Cached,

    /// <summary>Not here; fetched from the hub on first use.</summary>
    Downloadable,

    /// <summary>Not here and cannot be fetched; <see cref="ModelStatus.Detail"/> says how to place it by hand.</summary>
    Missing,

    /// <summary>A remote API: usable once an endpoint (and key) is configured.</summary>
    RemoteApi,
}

public sealed record ModelStatus(ModelCard Card, ModelAvailability Availability, string Folder, string Detail);
