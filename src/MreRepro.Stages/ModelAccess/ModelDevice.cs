using MreRepro.Stages.Common;
using MreRepro.Stages.Parameters;
using static TorchSharp.torch;

namespace MreRepro.Stages.ModelAccess;

/// <summary>The torch device a params.yaml device key asks for; CUDA where this build and machine have none is an error, never a silent CPU run.</summary>
public static class ModelDevice
{
    public static Device Resolve(ComputeDevice device, string key) => device switch
    {
        ComputeDevice.Cuda when cuda.is_available() => CUDA,
        ComputeDevice.Cuda => throw new StageException($"params.yaml: {key} is cuda, but no CUDA device is available (build with -p:MreTorchBackend=cuda on a GPU machine)."),
        _ => CPU,
    };
}
