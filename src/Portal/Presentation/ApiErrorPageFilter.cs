using Consent.Portal.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consent.Portal.Presentation;

/// <summary>
/// What a person sees when the service refuses or fails, for every page in one place:
/// a refused action returns to the page with the reason in the page's language; a changed record (412)
/// reloads the page with a notice instead of overwriting; an unreachable service shows a clear
/// message; an expired session asks to sign in again. Never a stack trace.
/// </summary>
public sealed class ApiErrorPageFilter(ILogger<ApiErrorPageFilter> logger) : IAsyncPageFilter
{
    public const string NoticeKey = "Notice";
    public const string ProblemKey = "Problem";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is not ApiException error || executed.ExceptionHandled || executed.HandlerInstance is not PageModel page)
        {
            return;
        }
        executed.ExceptionHandled = true;
        var request = context.HttpContext.Request;
        var isWrite = HttpMethods.IsPost(request.Method);
        switch (error)
        {
            case ApiUnauthenticatedException:
                await context.HttpContext.SignOutAsync();
                // Back to the same page once signed in again (a form's post comes back as its page).
                executed.Result = new RedirectToPageResult("/SignIn", new { expired = true, ReturnUrl = isWrite ? request.Path.Value : request.Path + request.QueryString });
                break;
            case ApiUnavailableException:
                logger.LogWarning(error, "The consent service is unavailable");
                executed.Result = new RedirectToPageResult("/Unavailable", new { returnUrl = isWrite ? request.Path.Value : request.Path + request.QueryString });
                break;
            case ApiProblemException { IsVersionConflict: true }:
                page.TempData[NoticeKey] = "stale";
                executed.Result = new LocalRedirectResult(PageWithoutHandler(request));
                break;
            case ApiProblemException problem:
                if (isWrite)
                {
                    page.TempData[ProblemKey] = problem.Code;
                    executed.Result = new LocalRedirectResult(PageWithoutHandler(request));
                }
                else
                {
                    // A refused read cannot show its page: a page of its own says why, and calls nothing.
                    executed.Result = new RedirectToPageResult("/Refused", new { code = problem.Code });
                }
                break;
        }
    }

    /// <summary>The page the form was on, with its query (the chosen provider, say) but not the handler.</summary>
    private static string PageWithoutHandler(HttpRequest request)
    {
        var query = request.Query.Where(q => !string.Equals(q.Key, "handler", StringComparison.OrdinalIgnoreCase))
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}");
        var rest = string.Join("&", query);
        return request.Path + (rest.Length > 0 ? "?" + rest : "");
    }
}
