namespace MreRepro.Models.T5.Verbalizers;

/// <summary>How a label word split into several pieces is scored (OpenPrompt handle_multi_token).</summary>
public enum MultiTokenHandler
{
    First,
    Mean,
    Max,
}
