//! `zwl`: the command-line door into the Zero-Waste City ledger. Everything a clerk can do in
//! the window a script can do here. Exit codes: 0 ok, 1 the input was refused, 2 anything else.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// Output into a closed pipe (`zwl cell list | head -1`) ends the program quietly with exit
/// code 0: the command's work is done by the time it prints, and a failure there would
/// invite a retry that repeats a write.
fn end_quietly_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let text = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if text.starts_with("failed printing to std") && text.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}

fn main() -> ExitCode {
    end_quietly_on_closed_pipe();
    let args = match cli::Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let code = match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => 1,
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let json = args.json;
    match cli::run(args) {
        Ok(()) => {
            cli::backup_after_write();
            ExitCode::SUCCESS
        }
        Err(e) => {
            let code = match e.downcast_ref::<zwl::Error>() {
                Some(z) => {
                    cli::output::print_error(z, json);
                    if z.is_user_error() {
                        1
                    } else {
                        2
                    }
                }
                None => {
                    eprintln!("错误 error: {e:#}");
                    2
                }
            };
            ExitCode::from(code)
        }
    }
}
