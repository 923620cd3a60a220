package org.mentorpulse.streams.alerts;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.mentorpulse.schema.Contact;

/** Keeps a global store of contacts from {@code mentorpulse.directory}: one per participant, a tombstone deletes. */
public final class ContactsKeeper implements Processor<String, Contact, Void, Void> {
    private final String storeName;
    private TimestampedKeyValueStore<String, Contact> store;

    public ContactsKeeper(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, Contact> record) {
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), ValueAndTimestamp.make(record.value(), record.timestamp()));
        }
    }
}
