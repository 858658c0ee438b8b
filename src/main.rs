//! `zwl`: the command-line door into the Zero-Waste City ledger. Everything a clerk can do in
//! the window a script can do here. Exit codes: 0 ok, 1 the input was refused, 2 anything else.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
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
        Ok(()) => ExitCode::SUCCESS,
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
