//! The live-reload channel: one Server-Sent-Events stream per open page, fed by the rebuild loop
//! (a plain thread) through a small channel per page.
//!
//! A page that goes away ends its stream at once (hyper notices the closed connection and drops
//! the body, whose receiver is then closed, and the connection with its descriptor); its
//! sender, which holds no descriptor, is pruned at the next event or page. Streams are capped ([`MAX_STREAMS`]): a newer page replaces the oldest, so
//! forgotten tabs or a flood of clients can never hold every connection of the server.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use tokio::sync::mpsc;

/// Open event streams at most (browser tabs of this site); more replace the oldest.
pub const MAX_STREAMS: usize = 64;
/// Events a page may fall behind before it is dropped (it reconnects and reloads).
const BACKLOG: usize = 16;
/// A comment line this often finds half-open connections (a laptop that slept, a cable pulled).
const KEEP_ALIVE: Duration = Duration::from_secs(15);

type Message = (String, String);

/// Open event streams of the pages being viewed.
#[derive(Default, Clone)]
pub struct Hub {
    streams: Arc<Mutex<VecDeque<mpsc::Sender<Message>>>>,
    /// The last event, sent to pages that connect later (so a page opened during an error shows it).
    last: Arc<Mutex<Option<Message>>>,
    /// Statistics for tests and the curious: JSON served at /__prongsai/stats.
    pub stats: Arc<Mutex<serde_json::Value>>,
}

impl Hub {
    /// Send `event` with `data` (one line of JSON or text) to every open page.
    pub fn broadcast(&self, event: &str, data: &str) {
        let msg = (event.to_string(), data.to_string());
        if let Ok(mut last) = self.last.lock() {
            *last = Some(msg.clone());
        }
        if let Ok(mut streams) = self.streams.lock() {
            // A page gone, or one that stopped reading, is dropped.
            streams.retain(|tx| tx.try_send(msg.clone()).is_ok());
        }
    }

    /// How many streams are open (pruned of pages that went away).
    pub fn open_streams(&self) -> usize {
        self.streams.lock().map_or(0, |mut s| {
            s.retain(|tx| !tx.is_closed());
            s.len()
        })
    }

    /// A new page's event stream: a first comment, then the last build error if there is one,
    /// then every event; no `Access-Control-Allow-Origin`, so only this server's pages read it.
    pub fn subscribe(&self) -> Sse<impl Stream<Item = Result<Event, Infallible>> + use<>> {
        let (tx, rx) = mpsc::channel::<Message>(BACKLOG);
        let mut first = vec![Event::default().comment("connected")];
        if let Ok(last) = self.last.lock()
            && let Some((ev, data)) = last.as_ref()
            && ev == "build-error"
        {
            first.push(Event::default().event(ev).data(data));
        }
        if let Ok(mut streams) = self.streams.lock() {
            streams.retain(|tx| !tx.is_closed());
            while streams.len() >= MAX_STREAMS {
                // Dropping the sender ends that stream's body.
                streams.pop_front();
            }
            streams.push_back(tx);
        }
        let events = futures_util::stream::unfold(rx, |mut rx| async move {
            let (ev, data) = rx.recv().await?;
            Some((Ok(Event::default().event(ev).data(data)), rx))
        });
        let first = futures_util::stream::iter(first.into_iter().map(Ok));
        Sse::new(futures_util::StreamExt::chain(first, events))
            .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
    }
}
