using MreRepro.Training.Schedules;

namespace MreRepro.Training.Tests.Schedules;

public sealed class LearningRateScheduleTests
{
    // The formula of HF get_linear_schedule_with_warmup, written out independently of the implementation.
    private static double HfLinear(long step, long w, long t)
        => step < w ? (double)step / Math.Max(1, w) : Math.Max(0.0, (double)(t - step) / Math.Max(1, t - w));

    [Theory]
    [InlineData(100, 1000)]
    [InlineData(0, 10)]
    [InlineData(10, 10)]
    [InlineData(15, 10)]
    [InlineData(1, 1)]
    public void Should_follow_the_hf_linear_warmup_formula_at_boundaries(long warmup, long total)
    {
        var schedule = new LearningRateSchedule(1e-5, warmup, total, ScheduleKind.Linear);
        long[] steps = [0, Math.Max(0, warmup - 1), warmup, Math.Max(0, total - 1), total, total + 5];
        foreach (var step in steps)
        {
            Assert.Equal(HfLinear(step, warmup, total), schedule.Multiplier(step), 15);
            Assert.Equal(1e-5 * HfLinear(step, warmup, total), schedule.LearningRate(step), tolerance: 1e-18);
        }
    }

    [Fact]
    public void Should_start_at_zero_and_peak_right_after_warmup()
    {
        var schedule = new LearningRateSchedule(2e-5, 100, 1000, ScheduleKind.Linear);

        Assert.Equal(0.0, schedule.LearningRate(0));
        Assert.Equal(2e-5 * 99 / 100, schedule.LearningRate(99), tolerance: 1e-18);
        Assert.Equal(2e-5, schedule.LearningRate(100));
        Assert.Equal(2e-5 / 900, schedule.LearningRate(999), tolerance: 1e-18);
        Assert.Equal(0.0, schedule.LearningRate(1000));
        Assert.Equal(0.0, schedule.LearningRate(5000));
    }

    [Fact]
    public void Should_use_the_full_rate_on_the_first_step_without_warmup()
    {
        var schedule = new LearningRateSchedule(3e-5, 0, 10, ScheduleKind.Linear);

        Assert.Equal(3e-5, schedule.LearningRate(0));
        Assert.Equal(3e-5 * 0.5, schedule.LearningRate(5), tolerance: 1e-18);
    }

    [Fact]
    public void Should_never_leave_warmup_when_warmup_covers_all_steps()
    {
        var schedule = new LearningRateSchedule(1.0, 20, 10, ScheduleKind.Linear);

        Assert.Equal(0.45, schedule.Multiplier(9), 15);
        Assert.Equal(0.5, schedule.Multiplier(10), 15);
    }

    [Fact]
    public void Should_hold_the_peak_after_warmup_when_constant()
    {
        var schedule = new LearningRateSchedule(1e-4, 4, 10, ScheduleKind.Constant);

        Assert.Equal(0.0, schedule.LearningRate(0));
        Assert.Equal(0.75e-4, schedule.LearningRate(3), tolerance: 1e-18);
        Assert.Equal(1e-4, schedule.LearningRate(4));
        Assert.Equal(1e-4, schedule.LearningRate(10));
        Assert.Equal(1e-4, schedule.LearningRate(100));
    }

    [Fact]
    public void Should_reject_negative_settings_with_a_named_message()
    {
        var e = Assert.Throws<TrainingException>(() => new LearningRateSchedule(1e-5, -1, 10, ScheduleKind.Linear));
        Assert.Contains("Warmup steps", e.Message);
    }
}
