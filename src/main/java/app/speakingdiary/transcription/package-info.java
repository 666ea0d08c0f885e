/**
 * Transcripts of voice, audio and video note entries by an optional, self-hosted
 * OpenAI-compatible speech-to-text server ({@code STT_URL}), as durable background work;
 * the bot's acknowledgement of the entry is edited to show the transcript.
 */
@NullMarked
package app.speakingdiary.transcription;

import org.jspecify.annotations.NullMarked;
