using FluentValidation;

namespace Portal.Core.Features.Sessions;

public sealed class ScheduleSessionRequestValidator : AbstractValidator<ScheduleSessionRequest>
{
    public ScheduleSessionRequestValidator()
    {
        RuleFor(r => r.StaffMemberId).NotNull().WithMessage("Choose the staff member who hosts the session.");
        RuleFor(r => r.ClientName).NotEmpty().WithMessage("Enter the client's name.").MaximumLength(200);
        RuleFor(r => r.ClientEmail).NotEmpty().WithMessage("Enter the client's e-mail address.")
            .EmailAddress().WithMessage("Enter a valid e-mail address.").MaximumLength(320);
        RuleFor(r => r.Topic).NotEmpty().WithMessage("Enter a topic.").MaximumLength(200);
        RuleFor(r => r.Notes).MaximumLength(2000);
        SessionRules.AddTimeRules(this, r => r.StartDate, r => r.StartTime, r => r.TimeZone, r => r.DurationMinutes);
    }
}

public sealed class RescheduleSessionRequestValidator : AbstractValidator<RescheduleSessionRequest>
{
    public RescheduleSessionRequestValidator()
    {
        RuleFor(r => r.Topic).NotEmpty().WithMessage("Enter a topic.").MaximumLength(200);
        SessionRules.AddTimeRules(this, r => r.StartDate, r => r.StartTime, r => r.TimeZone, r => r.DurationMinutes);
    }
}

internal static class SessionRules
{
    public const int MinMinutes = 10;
    public const int MaxMinutes = 480;

    public static void AddTimeRules<T>(AbstractValidator<T> v,
        Func<T, DateTime?> date, Func<T, TimeSpan?> time, Func<T, string> zone, Func<T, int> duration)
    {
        v.RuleFor(r => date(r)).NotNull().WithMessage("Choose a date.").OverridePropertyName("StartDate");
        v.RuleFor(r => time(r)).NotNull().WithMessage("Choose a start time.").OverridePropertyName("StartTime");
        v.RuleFor(r => zone(r)).Must(z => SessionTime.TryFind(z) is not null)
            .WithMessage("Choose a known time zone.").OverridePropertyName("TimeZone");
        v.RuleFor(r => r).Must(r => SessionTime.ToUtc(date(r), time(r), zone(r)) is not null)
            .When(r => date(r) is not null && time(r) is not null && SessionTime.TryFind(zone(r)) is not null)
            .WithMessage("This time does not exist in that time zone (the clocks change then).").OverridePropertyName("StartTime");
        v.RuleFor(r => duration(r)).InclusiveBetween(MinMinutes, MaxMinutes)
            .WithMessage($"The duration must be between {MinMinutes} and {MaxMinutes} minutes.").OverridePropertyName("DurationMinutes");
    }
}
